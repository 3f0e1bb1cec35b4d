package dev.portcullis.gateway.observe.metrics;

/** Label strings for HTTP statuses and JSON-RPC codes, cached for the common values so a request builds none. */
final class StatusLabels {

    private static final String[] STATUSES = new String[600];
    private static final int MIN_CODE = -32_700;
    private static final int MAX_CODE = -32_000;
    private static final String[] CODES = new String[MAX_CODE - MIN_CODE + 1];

    static {
        for (int i = 0; i < STATUSES.length; i++) {
            STATUSES[i] = Integer.toString(i);
        }
        for (int i = 0; i < CODES.length; i++) {
            CODES[i] = Integer.toString(MIN_CODE + i);
        }
    }

    private StatusLabels() {
    }

    static String status(int status) {
        return status >= 0 && status < STATUSES.length ? STATUSES[status] : Integer.toString(status);
    }

    static String code(int code) {
        return code >= MIN_CODE && code <= MAX_CODE ? CODES[code - MIN_CODE] : Integer.toString(code);
    }
}
