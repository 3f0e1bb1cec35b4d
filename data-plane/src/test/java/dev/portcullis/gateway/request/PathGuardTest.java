package dev.portcullis.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"/mock-mcp/mcp", "/mock-mcp/", "/a/b.c/d", "/a/...", "/a/.hidden", "/a/%2e%2e%2e/b",
            "/v1.2/mcp", "/a/b%20c", "/a;v=1/b", "/", "/a/b/"})
    void acceptsPathsWithoutDotSegments(String path) {
        assertThat(PathGuard.isSafe(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mock-mcp/../admin", "/mock-mcp/./mcp", "/mock-mcp/..", "/mock-mcp/.",
            "/mock-mcp/%2e%2e/admin", "/mock-mcp/%2E%2E/admin", "/mock-mcp/.%2e/admin", "/mock-mcp/%2e/mcp",
            "/mock-mcp/..%2fadmin", "/mock-mcp/%2e%2e%2Fadmin", "/mock-mcp/..%5cadmin", "/mock-mcp\\..\\admin",
            "/../etc"})
    void rejectsDotSegmentsInAnySpelling(String path) {
        assertThat(PathGuard.isSafe(path)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mock-mcp/..;/admin", "/mock-mcp/.;x=1/mcp", "/mock-mcp/%2e%2e;/admin",
            "/mock-mcp/..;"})
    void treatsASemicolonAsTheEndOfTheSegmentName(String path) {
        assertThat(PathGuard.isSafe(path)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"//mock-mcp/mcp", "/mock-mcp//admin", "/mock-mcp/%2f/admin", "/mock-mcp/\\admin"})
    void rejectsEmptySegments(String path) {
        assertThat(PathGuard.isSafe(path)).isFalse();
    }
}
