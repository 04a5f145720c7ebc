package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@code HOST:PORT} values of {@code --metrics}: what is accepted, and errors that name the flag. */
class HostPortTest {
    @Test
    void hostsPortsBracketedIpv6AndTheLoopbackShorthand() {
        assertEquals(new HostPort("0.0.0.0", 9464), HostPort.parse("--metrics", "0.0.0.0:9464"));
        assertEquals(new HostPort("::1", 0), HostPort.parse("--metrics", "[::1]:0"));
        assertEquals(new HostPort("127.0.0.1", 0), HostPort.parse("--metrics", ":0"));
    }

    @Test
    void badValuesNameTheFlagAndWhatItAccepts() {
        assertEquals("--metrics must be HOST:PORT (e.g. 127.0.0.1:9464), was '9464'", assertThrows(
                IllegalArgumentException.class, () -> HostPort.parse("--metrics", "9464")).getMessage());
        assertEquals("--metrics port must be 0..65535, was '70000'", assertThrows(IllegalArgumentException.class,
                () -> HostPort.parse("--metrics", "localhost:70000")).getMessage());
        assertEquals("--metrics port must be 0..65535, was 'http'", assertThrows(IllegalArgumentException.class,
                () -> HostPort.parse("--metrics", "localhost:http")).getMessage());
    }

    @Test
    void theAgentRefusesABadMetricsAddressBeforeStarting() {
        assertEquals(ExitCode.USAGE.code(), Pmr.execute("agent", "--broker", "tcp://127.0.0.1:1", "--region", "north",
                "--metrics", "9464"));
    }
}
