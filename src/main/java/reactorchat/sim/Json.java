package reactorchat.sim;

/** One JSON object written field by field; values are numbers, booleans, null or already quoted. */
final class Json {
    private final StringBuilder j = new StringBuilder("{");

    Json field(String name, Object value) {
        if (j.length() > 1) {
            j.append(',');
        }
        j.append(quote(name)).append(':').append(value);
        return this;
    }

    String close() {
        return j.append('}').toString();
    }

    static String quote(String text) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
