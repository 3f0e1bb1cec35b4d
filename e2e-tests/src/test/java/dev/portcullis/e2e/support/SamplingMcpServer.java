package dev.portcullis.e2e.support;

import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * A real MCP server written by others (the official Java SDK, Streamable HTTP on embedded Tomcat, 127.0.0.1 only)
 * whose tool {@code ask_the_model} asks the client for an LLM completion (a {@code sampling/createMessage} request
 * from server to client) before it answers: the round trip a gateway must let through.
 */
public final class SamplingMcpServer implements AutoCloseable {

    private final Tomcat tomcat;
    private final McpSyncServer server;
    private final int port;

    private SamplingMcpServer(Tomcat tomcat, McpSyncServer server, int port) {
        this.tomcat = tomcat;
        this.server = server;
        this.port = port;
    }

    public static SamplingMcpServer start() throws Exception {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper()))
                .mcpEndpoint("/mcp")
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("sampling-test-server", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(SyncToolSpecification.builder()
                        .tool(McpSchema.Tool.builder().name("ask_the_model").description("asks the client's model")
                                .inputSchema(Map.of("type", "object")).build())
                        .callHandler((exchange, request) -> {
                            CreateMessageResult answer = exchange.createMessage(CreateMessageRequest.builder()
                                    .messages(List.of(new SamplingMessage(McpSchema.Role.USER,
                                            new TextContent("What is two plus two?"))))
                                    .maxTokens(20)
                                    .build());
                            String text = ((TextContent) answer.content()).text();
                            return CallToolResult.builder().addTextContent("the model said: " + text).build();
                        })
                        .build())
                .build();

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("sampling-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "mcp");
        tomcat.start();
        return new SamplingMcpServer(tomcat, server, connector.getLocalPort());
    }

    /** The base URL, as a proxy's {@code upstream.url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.closeGracefully();
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }
}
