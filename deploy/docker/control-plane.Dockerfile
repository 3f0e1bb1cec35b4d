# Portcullis control plane (Quarkus, JVM mode).
#
# Build context is the repository root, after `./mvnw -B package -DskipTests`:
#   docker build -f deploy/docker/control-plane.Dockerfile -t portcullis/control-plane:dev .
# The artifact is Quarkus' fast-jar layout (control-plane/target/quarkus-app/); nothing is compiled in the image,
# so the image contains exactly what the Maven build tested.
FROM eclipse-temurin:17-jre

# A fixed numeric uid lets Kubernetes check runAsNonRoot and lets named volumes be created with the right owner.
RUN groupadd --system --gid 10001 portcullis \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin portcullis \
 && mkdir -p /data \
 && chown 10001:10001 /data \
 && chmod 700 /data

WORKDIR /opt/portcullis
# Dependencies first: they change less often than the application, so this layer is usually cached.
# Files stay owned by root: the process can read its code but not rewrite it.
COPY control-plane/target/quarkus-app/lib/ quarkus-app/lib/
COPY control-plane/target/quarkus-app/*.jar quarkus-app/
COPY control-plane/target/quarkus-app/app/ quarkus-app/app/
COPY control-plane/target/quarkus-app/quarkus/ quarkus-app/quarkus/

# Defaults for a container; every one can be overridden at run time (see docs/adr/0001-walking-skeleton.md).
# The signing key is generated on first start into $PORTCULLIS_DATA_DIR/signing/ unless one is already there.
ENV PORTCULLIS_BIND_HOST=0.0.0.0 \
    PORTCULLIS_CP_PORT=3000 \
    PORTCULLIS_CP_MANAGEMENT_PORT=9000 \
    PORTCULLIS_DATA_DIR=/data \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/data"]
EXPOSE 3000 9000

USER 10001:10001
# curl ships with the eclipse-temurin Ubuntu images (adoptium/containers#255).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORTCULLIS_CP_PORT}/q/health/ready" || exit 1

ENTRYPOINT ["java", "-jar", "quarkus-app/quarkus-run.jar"]
