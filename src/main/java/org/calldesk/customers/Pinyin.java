package org.calldesk.customers;

import net.sourceforge.pinyin4j.PinyinHelper;
import net.sourceforge.pinyin4j.format.HanyuPinyinCaseType;
import net.sourceforge.pinyin4j.format.HanyuPinyinOutputFormat;
import net.sourceforge.pinyin4j.format.HanyuPinyinToneType;
import net.sourceforge.pinyin4j.format.HanyuPinyinVCharType;
import net.sourceforge.pinyin4j.format.exception.BadHanyuPinyinOutputFormatCombination;

import java.util.Locale;

/**
 * How a name is typed on a Latin keyboard, for search: 张伟 is found as "zhangwei", "zhang wei" or "zw". Letters and
 * digits of other scripts are kept in lower case; a character with several readings takes its first (most common).
 */
public final class Pinyin {

    /** The full reading without spaces, and the initials. */
    public record Reading(String full, String initials) {
    }

    private static final HanyuPinyinOutputFormat FORMAT = new HanyuPinyinOutputFormat();

    static {
        FORMAT.setCaseType(HanyuPinyinCaseType.LOWERCASE);
        FORMAT.setToneType(HanyuPinyinToneType.WITHOUT_TONE);
        FORMAT.setVCharType(HanyuPinyinVCharType.WITH_V);
    }

    private Pinyin() {
    }

    public static Reading of(String name) {
        StringBuilder full = new StringBuilder();
        StringBuilder initials = new StringBuilder();
        boolean wordStart = true;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            String syllable = cp <= 0xFFFF ? syllable((char) cp) : null;
            if (syllable != null) {
                full.append(syllable);
                initials.append(syllable.charAt(0));
                wordStart = true;
            } else if (Character.isLetterOrDigit(cp)) {
                String lower = new String(Character.toChars(cp)).toLowerCase(Locale.ROOT);
                full.append(lower);
                if (wordStart) {
                    initials.append(lower);
                }
                wordStart = false;
            } else {
                wordStart = true;
            }
        }
        return new Reading(full.toString(), initials.toString());
    }

    /** What someone typed, made comparable with a {@link Reading}: lower case, without spaces and marks. */
    public static String typed(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().filter(Character::isLetterOrDigit)
                .forEach(cp -> out.append(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT)));
        return out.toString().replace('ü', 'v');
    }

    private static String syllable(char c) {
        if (Character.UnicodeScript.of(c) != Character.UnicodeScript.HAN) {
            return null;
        }
        try {
            String[] readings = PinyinHelper.toHanyuPinyinStringArray(c, FORMAT);
            return readings == null || readings.length == 0 ? null : readings[0];
        } catch (BadHanyuPinyinOutputFormatCombination e) {
            throw new IllegalStateException(e);
        }
    }
}
