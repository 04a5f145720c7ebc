package io.pmr.launcher;

import java.util.Map;

/**
 * A command whose settings records refuse values by their field names ({@code brokerUrl}, {@code maxOutboxMessages}):
 * the command line knows them as options ({@code --broker}, {@code --max-outbox}). {@link CliErrors} puts the option's
 * name in place of the field's when a refusal begins with one, so the user reads what to change.
 */
interface FieldOptions {
    /** Settings field name to the option that sets it. */
    Map<String, String> fieldOptions();

    /**
     * The message with its leading field name replaced by its option ({@code "maxOutboxMessages must be at least 1"}
     * becomes {@code "--max-outbox must be at least 1"}); unchanged when it begins with no field of the command's.
     */
    static String named(Object command, String message) {
        if (!(command instanceof FieldOptions options) || message == null) {
            return message;
        }
        for (Map.Entry<String, String> field : options.fieldOptions().entrySet()) {
            String name = field.getKey();
            if (message.startsWith(name) && (message.length() == name.length()
                    || !Character.isLetterOrDigit(message.charAt(name.length())))) {
                return field.getValue() + message.substring(name.length());
            }
        }
        return message;
    }
}
