package org.calldesk.platform;

/**
 * Personal data as logs may show it. Logs are read by more people, and kept longer, than the customer records,
 * so a phone number is shown with enough left to tell calls apart and follow one up with the PBX's own logs.
 */
public final class Masked {

    private static final String HIDDEN = "****";

    private Masked() {
    }

    /**
     * {@code +8613800138000} as {@code +86138****8000}; a number written without a country code keeps three
     * leading characters, and one too short to hide a middle of keeps only its last two.
     */
    public static String phone(String number) {
        if (number == null || number.isBlank()) {
            return number;
        }
        String text = number.strip();
        int head = text.startsWith("+") ? 6 : 3;
        int tail = 4;
        if (text.length() <= head + tail) {
            return text.length() <= 2 ? HIDDEN : HIDDEN + text.substring(text.length() - 2);
        }
        return text.substring(0, head) + HIDDEN + text.substring(text.length() - tail);
    }
}
