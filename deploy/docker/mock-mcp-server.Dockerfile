# The bundled mock MCP server (plain Vert.x, shaded jar, main class dev.portcullis.mock.Main).
#
# Build context is the repository root, after `./mvnw -B package -DskipTests`:
#   docker build -f deploy/docker/mock-mcp-server.Dockerfile -t portcullis/mock-mcp-server:dev .
# It keeps all its data in memory, so unlike the planes it has no data volume.
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 portcullis \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin portcullis

WORKDIR /opt/portcullis
COPY mock-mcp-server/target/mock-mcp-server.jar mock-mcp-server.jar

ENV PORTCULLIS_BIND_HOST=0.0.0.0 \
    MOCK_MCP_PORT=7878 \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 7878

USER 10001:10001
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${MOCK_MCP_PORT}/health" || exit 1

ENTRYPOINT ["java", "-jar", "mock-mcp-server.jar"]
