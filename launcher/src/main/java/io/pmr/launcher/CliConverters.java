package io.pmr.launcher;

import io.pmr.hardware.Region;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How option values are read, each saying what it accepts when a value is refused (picocli turns the message into
 * the one-line usage error {@link CliErrors} prints, naming the option).
 */
final class CliConverters {
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:/s)?");

    private CliConverters() {
    }

    /** Registers every converter on {@code cli} (and so on its subcommands added after). */
    static CommandLine register(CommandLine cli) {
        return cli.registerConverter(YearMonth.class, CliConverters::month)
                .registerConverter(Duration.class, CliConverters::duration)
                .registerConverter(Region.class, CliConverters::region);
    }

    /**
     * A month as {@code yyyy-MM}, four digits of year exactly: YearMonth.parse also takes {@code +10000-01}, whose
     * text ({@code 10000-01}) it cannot read back, so a version recorded under it broke every period route.
     */
    static YearMonth month(String text) {
        try {
            if (!MONTH.matcher(text.trim()).matches()) {
                throw new DateTimeParseException("not yyyy-MM", text, 0);
            }
            return YearMonth.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not a month: expected yyyy-MM, e.g. 2020-09");
        }
    }

    static Duration duration(String text) {
        try {
            return TrtText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static Region region(String text) {
        try {
            return Region.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + text + "' is not a region: expected north, central or south");
        }
    }

    /** A send rate: {@code 20/s}, {@code 20} or {@code 0.5/s}, commands per second, more than 0. */
    static double rate(String text) {
        Matcher m = RATE.matcher(text.trim().toLowerCase(Locale.ROOT));
        double perSecond = m.matches() ? Double.parseDouble(m.group(1)) : Double.NaN;
        if (!(perSecond > 0)) {
            throw new TypeConversionException("'" + text + "' is not a rate: expected commands per second, e.g. 20/s");
        }
        return perSecond;
    }

    /** Picocli's converter for {@link #rate}, for {@code converter = } on an option. */
    static final class Rate implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return rate(value);
        }
    }
}
