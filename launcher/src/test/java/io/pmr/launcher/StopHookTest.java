package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StopHookTest {
    @Test
    void aStopAskedForWhileTheJvmIsAlreadyStoppingRunsAtOnceInsteadOfThrowing() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                StopHookChild.class.getName()).redirectErrorStream(true).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM exited");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines = output.lines().toList();
        assertEquals(List.of("exiting", "pmr: stopped while starting; closing what was started", "stop ran",
                "installed false"), lines, output);
        assertEquals(0, child.exitValue());
    }
}
