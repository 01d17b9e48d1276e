package org.calldesk.telephony;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shipped files under {@code telephony/asterisk/}, read as Asterisk's config loader reads them, as far as
 * those files go: {@code [sections]}, templates ({@code (!)}) and the sections built on them, {@code key = value}
 * and {@code key => value} lines, {@code ;} comments.
 */
public final class AsteriskConf {

    public static final Path DIR = Path.of("telephony", "asterisk");

    private AsteriskConf() {}

    /** One setting, with its line number for the failure messages. */
    public record Line(int number, String key, String value) {}

    /** {@code template} is a {@code (!)} section; {@code parents} are the templates it is built on, in order. */
    public record Section(String name, boolean template, List<String> parents, List<Line> lines) {}

    public static List<Section> read(String fileName) throws IOException {
        List<String> text = Files.readAllLines(DIR.resolve(fileName), StandardCharsets.UTF_8);
        List<Section> sections = new ArrayList<>();
        String name = null;
        boolean template = false;
        List<String> parents = List.of();
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String line = withoutComment(text.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                if (name != null) {
                    sections.add(new Section(name, template, parents, List.copyOf(lines)));
                }
                int close = line.indexOf(']');
                name = line.substring(1, close);
                String options = line.substring(close + 1).strip();
                template = false;
                List<String> from = new ArrayList<>();
                if (options.startsWith("(") && options.endsWith(")")) {
                    for (String option : options.substring(1, options.length() - 1).split(",")) {
                        if (option.strip().equals("!")) {
                            template = true;
                        } else if (!option.isBlank()) {
                            from.add(option.strip());
                        }
                    }
                }
                parents = List.copyOf(from);
                lines = new ArrayList<>();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0 || name == null) {
                throw new IllegalArgumentException(fileName + " line " + (i + 1) + " is neither a section nor a setting: " + line);
            }
            int valueAt = line.startsWith(">", eq + 1) ? eq + 2 : eq + 1;
            lines.add(new Line(i + 1, line.substring(0, eq).strip(), line.substring(valueAt).strip()));
        }
        if (name != null) {
            sections.add(new Section(name, template, parents, List.copyOf(lines)));
        }
        return sections;
    }

    /** A section's settings with its templates' applied first, the last line of a key winning as in Asterisk. */
    public static Map<String, String> resolved(List<Section> all, Section section) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String parent : section.parents()) {
            Section template = all.stream().filter(s -> s.name().equals(parent)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("[" + section.name() + "] is built on a missing [" + parent + "]"));
            values.putAll(resolved(all, template));
        }
        for (Line line : section.lines()) {
            values.put(line.key(), line.value());
        }
        return values;
    }

    // Asterisk reads an unescaped ';' as the start of a comment, wherever it is on the line.
    private static String withoutComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == ';' && (i == 0 || line.charAt(i - 1) != '\\')) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
