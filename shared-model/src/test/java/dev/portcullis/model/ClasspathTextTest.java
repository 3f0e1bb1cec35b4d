package dev.portcullis.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClasspathTextTest {

    @Test
    void readsAResourceAsUtf8() {
        assertThat(ClasspathText.read(ClasspathTextTest.class, "/classpath-text/sample.txt"))
                .isEqualTo("caf\u00e9\nline two\n");
    }

    @Test
    void aMissingResourceIsAPackagingError() {
        assertThatThrownBy(() -> ClasspathText.read(ClasspathTextTest.class, "/classpath-text/absent.lua"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("/classpath-text/absent.lua is missing from the classpath");
    }
}
