package io.pmr.agent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuildInfoTest {
    @Test
    void theMavenBuildFiltersTheVersionInAndTheCommitWhenThereIsGit() {
        BuildInfo build = BuildInfo.current();
        assertTrue(build.version().matches("\\d+\\.\\d+\\.\\d+.*"), build.version());
        assertTrue(build.commit().matches("[0-9a-f]{7,40}|unknown"), build.commit());
        assertEquals(build.version() + " (commit " + build.commit() + ")", build.toString());
        assertEquals(build.toString(), Agent.SOFTWARE_VERSION, "what the agent reports is what pmr --version prints");
    }

    @Test
    void anUnfilteredOrMissingValueReadsUnknown() {
        // a tarball without .git leaves the plugin's property unset: Maven keeps the placeholder
        assertEquals("0.1.0 (commit unknown)", new BuildInfo("0.1.0", "${git.commit.id.abbrev}").toString());
        assertEquals("unknown (commit unknown)", new BuildInfo(null, " ").toString());
    }
}
