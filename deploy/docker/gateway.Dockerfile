# Portcullis data-plane gateway (Quarkus for management and health, raw Vert.x for agent traffic).
#
# Build context is the repository root, after `./mvnw -B package -DskipTests`:
#   docker build -f deploy/docker/gateway.Dockerfile -t portcullis/gateway:dev .
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 portcullis \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin portcullis \
 && mkdir -p /data \
 && chown 10001:10001 /data \
 && chmod 700 /data

WORKDIR /opt/portcullis
COPY data-plane/target/quarkus-app/lib/ quarkus-app/lib/
COPY data-plane/target/quarkus-app/*.jar quarkus-app/
COPY data-plane/target/quarkus-app/app/ quarkus-app/app/
COPY data-plane/target/quarkus-app/quarkus/ quarkus-app/quarkus/

# /data holds the last good signed snapshot (snapshot.json), so the gateway serves across its own restart even
# when the control plane is down. The feed public key (PORTCULLIS_FEED_PUBLIC_KEY or _FILE) and
# PORTCULLIS_GATEWAY_TOKEN have no default: the gateway refuses to start without them.
ENV PORTCULLIS_BIND_HOST=0.0.0.0 \
    PORTCULLIS_GATEWAY_PORT=8080 \
    PORTCULLIS_GATEWAY_MANAGEMENT_PORT=8081 \
    PORTCULLIS_DATA_DIR=/data \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/data"]
# 8080: agent traffic. 8081: management (/q/health); keep it off public networks.
EXPOSE 8080 8081

USER 10001:10001
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORTCULLIS_GATEWAY_MANAGEMENT_PORT}/q/health/ready" || exit 1

ENTRYPOINT ["java", "-jar", "quarkus-app/quarkus-run.jar"]
