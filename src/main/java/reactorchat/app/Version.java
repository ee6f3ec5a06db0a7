package reactorchat.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version Maven stamped into the jar's resources. */
final class Version {
    private Version() {
    }

    static String get() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/reactorchat/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // Fall through to "unknown": a missing version must not stop the server.
        }
        return properties.getProperty("version", "unknown");
    }
}
