package org.calldesk.web;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pages' Content-Security-Policy runs no inline code: the templates must not depend on any. */
class TemplatesTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    private static final Pattern INLINE = Pattern.compile(
            "<script(?![^>]*\\bsrc\\s*=)(?![^>]*type=\"application/json\")[^>]*>|<style\\b|\\sstyle\\s*=|\\son[a-z]+\\s*=|javascript:", Pattern.CASE_INSENSITIVE);

    @Test
    @DisplayName("no template has an inline script, style element, style attribute, event handler or javascript: URL")
    void noInlineCode() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ftl")).toList()) {
                String text = Files.readString(file);
                Matcher inline = INLINE.matcher(text);
                while (inline.find()) {
                    found.add(TEMPLATES.relativize(file) + ": " + inline.group().trim());
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
