package org.calldesk.web;

import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The interface's words in each language calldesk speaks: {@code i18n/messages_<tag>.properties} (UTF-8), English the
 * fallback for a key a translation lacks. Pages call {@code ${t("key", args…)}}; scripts get the {@code js.*} keys of
 * the page's language in a JSON block and read them with {@code I18n.t(key, args…)} ({@code static/i18n.js}).
 *
 * <p>A request's language: the signed-in user's choice (kept in the session from login, changed on the language
 * form), else the language cookie, else the browser's Accept-Language, else English.
 */
public final class Messages {

    public static final String ENGLISH = "en";
    public static final String CHINESE = "zh-CN";
    public static final List<String> LANGUAGES = List.of(ENGLISH, CHINESE);
    /** Session key and cookie that hold the chosen language tag. */
    public static final String SESSION_KEY = "lang";
    public static final String COOKIE = "calldesk.lang";
    private static final String JS_PREFIX = "js.";

    private static final Messages INSTANCE = new Messages();

    private final Map<String, Map<String, String>> bundles = new LinkedHashMap<>();
    private final Map<String, String> scriptTexts = new LinkedHashMap<>();

    private Messages() {
        for (String tag : LANGUAGES) {
            bundles.put(tag, load("i18n/messages_" + tag.replace('-', '_') + ".properties"));
        }
        for (String tag : LANGUAGES) {
            scriptTexts.put(tag, encodeScriptTexts(tag));
        }
    }

    public static Messages get() {
        return INSTANCE;
    }

    private static Map<String, String> load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("message bundle missing: " + resource);
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return Collections.unmodifiableMap(map);
    }

    /** A supported tag for what was asked ("zh", "zh-cn", "zh_CN", "en-GB" …), or null. */
    public static String supported(String asked) {
        if (asked == null || asked.isBlank()) {
            return null;
        }
        String lower = asked.trim().replace('_', '-').toLowerCase(Locale.ROOT);
        if (lower.startsWith("zh")) {
            return CHINESE;
        }
        if (lower.startsWith("en")) {
            return ENGLISH;
        }
        return null;
    }

    /** The language of this request (see the class comment). */
    public static String language(RoutingContext ctx) {
        Session session = ctx.session();
        if (session != null) {
            String chosen = supported(session.get(SESSION_KEY));
            if (chosen != null) {
                return chosen;
            }
        }
        Cookie cookie = ctx.request().getCookie(COOKIE);
        String fromCookie = cookie == null ? null : supported(cookie.getValue());
        if (fromCookie != null) {
            return fromCookie;
        }
        for (LanguageHeader header : ctx.acceptableLanguages()) {
            String tag = supported(header.tag());
            if (tag != null) {
                return tag;
            }
        }
        return ENGLISH;
    }

    public Map<String, String> bundle(String language) {
        return bundles.getOrDefault(language, bundles.get(ENGLISH));
    }

    /** The text of a key in a language, its {0}, {1}… filled; the English text if the language lacks it, else the key. */
    public String text(String language, String key, Object... args) {
        String pattern = bundle(language).get(key);
        if (pattern == null) {
            pattern = bundles.get(ENGLISH).get(key);
        }
        if (pattern == null) {
            return key;
        }
        if (args.length == 0) {
            return pattern;
        }
        return fill(pattern, args);
    }

    /** Puts each argument in place of its {0}, {1}…, as i18n.js does: no quoting rules, apostrophes stay as written. */
    static String fill(String pattern, Object... args) {
        StringBuilder out = new StringBuilder(pattern.length() + 16);
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            int close = c == '{' ? pattern.indexOf('}', i) : -1;
            if (close > i + 1 && pattern.substring(i + 1, close).chars().allMatch(Character::isDigit) && close - i < 5) {
                int n = Integer.parseInt(pattern.substring(i + 1, close));
                if (n < args.length && args[n] != null) {
                    out.append(args[n]);
                    i = close + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    public static Locale locale(String language) {
        return CHINESE.equals(language) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    /** The keys scripts need, for the page's JSON block; made once per language (the bundles never change). */
    public String scriptTexts(String language) {
        return scriptTexts.getOrDefault(language, scriptTexts.get(ENGLISH));
    }

    private String encodeScriptTexts(String language) {
        JsonObject json = new JsonObject();
        Map<String, String> english = bundles.get(ENGLISH);
        Map<String, String> own = bundle(language);
        english.forEach((k, v) -> {
            if (k.startsWith(JS_PREFIX)) {
                json.put(k, own.getOrDefault(k, v));
            }
        });
        // '<' escaped so that no text can close the script element the block sits in.
        return json.encode().replace("<", "\\u003c");
    }

    /** {@code t} in templates: the first argument is the key, the rest fill its placeholders. */
    TemplateMethodModelEx templateFunction(String language) {
        return arguments -> {
            if (arguments.isEmpty()) {
                throw new TemplateModelException("t(key, …) needs a key");
            }
            Object[] args = new Object[arguments.size() - 1];
            for (int i = 1; i < arguments.size(); i++) {
                args[i - 1] = unwrap(arguments.get(i));
            }
            return text(language, String.valueOf(unwrap(arguments.get(0))), args);
        };
    }

    /** {@code tor} in templates: a key's text, or the given fallback when no bundle has the key (say, a tier named in config). */
    TemplateMethodModelEx templateFallbackFunction(String language) {
        return arguments -> {
            if (arguments.size() != 2) {
                throw new TemplateModelException("tor(key, fallback) needs two arguments");
            }
            String key = String.valueOf(unwrap(arguments.get(0)));
            return has(key) ? text(language, key) : String.valueOf(unwrap(arguments.get(1)));
        };
    }

    public boolean has(String key) {
        return bundles.get(ENGLISH).containsKey(key);
    }

    private static Object unwrap(Object model) throws TemplateModelException {
        if (model instanceof TemplateNumberModel n) {
            return n.getAsNumber();
        }
        if (model instanceof TemplateScalarModel s) {
            return s.getAsString();
        }
        return String.valueOf(model);
    }
}
