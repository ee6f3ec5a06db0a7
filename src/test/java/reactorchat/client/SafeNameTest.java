package reactorchat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeNameTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "report.pdf|report.pdf",
        "../../.ssh/authorized_keys|authorized_keys",
        "/etc/passwd|passwd",
        "C:\\Windows\\system.ini|system.ini",
        "..\\..\\boot.ini|boot.ini",
        "..|file",
        ".|file",
        "dir/|file",
        ".bashrc|bashrc",
        "...hidden...|hidden",
        "'  spaced name.txt  '|spaced name.txt",
        "naïve café.txt|naïve café.txt",
    })
    void offeredNamesBecomePlainNames(String offered, String saved) {
        assertThat(SafeName.of(offered)).isEqualTo(saved);
    }

    @Test
    void charactersOtherSystemsForbidBecomeUnderscores() {
        assertThat(SafeName.of("a:b*c?d\"e<f>g|h.txt")).isEqualTo("a_b_c_d_e_f_g_h.txt");
    }

    @Test
    void controlAndFormattingCharactersAreRemoved() {
        assertThat(SafeName.of("evil\u001b[31m\r\n\u0000name\u007f\u0085.txt")).isEqualTo("evil[31mname.txt");
        // A right-to-left override would show "photo\u202Egpj.exe" as "photoexe.jpg".
        assertThat(SafeName.of("photo\u202Egpj.exe")).isEqualTo("photogpj.exe");
    }

    @Test
    void aLongNameIsCutBetweenCharactersAndKeepsItsExtension() {
        String name = SafeName.of("é".repeat(300) + ".tar.gz");
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SafeName.MAX_BYTES);
        assertThat(name).endsWith("é.gz").matches("é+\\.gz");
        String numbered = SafeName.numbered(name, 999);
        assertThat(numbered.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
    }

    @Test
    void takenNamesGetANumberBeforeTheExtension() {
        assertThat(SafeName.numbered("report.pdf", 1)).isEqualTo("report (1).pdf");
        assertThat(SafeName.numbered("README", 2)).isEqualTo("README (2)");
    }
}
