package org.calldesk.web;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessagesTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Pattern TEMPLATE_KEY = Pattern.compile("\\bt\\(\"([A-Za-z0-9_.-]+)\"\\s*[,)]");
    private static final Pattern SCRIPT_KEY = Pattern.compile("I18n\\.t\\(\\s*'([A-Za-z0-9_.-]+)'\\s*[,)]");

    @Test
    void bothLanguagesHaveTheSameKeys() {
        Messages messages = Messages.get();
        Set<String> english = new TreeSet<>(messages.bundle(Messages.ENGLISH).keySet());
        Set<String> chinese = new TreeSet<>(messages.bundle(Messages.CHINESE).keySet());
        Set<String> onlyEnglish = new TreeSet<>(english);
        onlyEnglish.removeAll(chinese);
        Set<String> onlyChinese = new TreeSet<>(chinese);
        onlyChinese.removeAll(english);
        assertTrue(onlyEnglish.isEmpty(), "keys without a Chinese text: " + onlyEnglish);
        assertTrue(onlyChinese.isEmpty(), "Chinese keys English lacks: " + onlyChinese);
    }

    @Test
    void everyKeyPagesAndScriptsUseExists() throws IOException {
        Messages messages = Messages.get();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.toString();
                Pattern pattern = name.endsWith(".ftl") ? TEMPLATE_KEY : name.endsWith(".js") ? SCRIPT_KEY : null;
                if (pattern == null) {
                    continue;
                }
                Matcher m = pattern.matcher(Files.readString(file));
                while (m.find()) {
                    String key = m.group(1);
                    if (!messages.has(key) || (name.endsWith(".js") && !key.startsWith("js."))) {
                        missing.add(RESOURCES.relativize(file) + ": " + key);
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "keys used but not in the bundles (scripts may use only js.* keys): " + missing);
    }

    @Test
    void noKeyIsGivenTwiceInABundle() throws IOException {
        for (String file : List.of("messages_en.properties", "messages_zh_CN.properties")) {
            Set<String> seen = new TreeSet<>();
            List<String> twice = new ArrayList<>();
            for (String line : Files.readAllLines(RESOURCES.resolve("i18n").resolve(file))) {
                String trimmed = line.strip();
                int eq = trimmed.indexOf('=');
                if (trimmed.isEmpty() || trimmed.startsWith("#") || eq < 0) {
                    continue;
                }
                String key = trimmed.substring(0, eq).strip();
                if (!seen.add(key)) {
                    twice.add(key);
                }
            }
            assertTrue(twice.isEmpty(), file + " gives these keys twice (the last one wins silently): " + twice);
        }
    }

    @Test
    void fillsPlaceholdersInOrderAndLeavesApostrophesAlone() {
        assertEquals("It's 3 of 5", Messages.fill("It's {0} of {1}", 3, 5));
        assertEquals("{1} left only", Messages.fill("{1} left {0}", "only"));
        assertEquals("欢迎，李雷", Messages.get().text(Messages.CHINESE, "home.welcome", "李雷"));
        assertEquals("Welcome, Li Lei", Messages.get().text(Messages.ENGLISH, "home.welcome", "Li Lei"));
    }

    @Test
    void takesTheLanguagesBrowsersAndUsersName() {
        assertEquals(Messages.CHINESE, Messages.supported("zh"));
        assertEquals(Messages.CHINESE, Messages.supported("zh_CN"));
        assertEquals(Messages.CHINESE, Messages.supported("zh-Hans-CN"));
        assertEquals(Messages.ENGLISH, Messages.supported("en-GB"));
        assertEquals(null, Messages.supported("fr"));
        assertEquals(null, Messages.supported(""));
    }

    @Test
    void scriptsGetOnlyTheirKeysAndAnUnknownKeyFallsBackToItself() {
        var texts = new io.vertx.core.json.JsonObject(Messages.get().scriptTexts(Messages.CHINESE));
        assertTrue(texts.fieldNames().stream().allMatch(k -> k.startsWith("js.")));
        assertEquals("您的会话已结束，请重新登录后继续。", texts.getString("js.common.sessionEnded"));
        assertEquals("no.such.key", Messages.get().text(Messages.CHINESE, "no.such.key"));
    }
}
