package io.pmr.bench;

import io.pmr.hardware.HanListener;
import io.pmr.hardware.HanPort;
import io.pmr.hardware.Region;
import io.pmr.hardware.TimeSource;

/** A HAN port with no hardware: the benchmark calls the attached listener itself. */
final class FakePort implements HanPort {
    private final Region region;
    private HanListener listener;

    FakePort(Region region) {
        this.region = region;
    }

    @Override
    public Region region() {
        return region;
    }

    @Override
    public void attach(HanListener listener) {
        this.listener = listener;
    }

    HanListener listener() {
        return listener;
    }

    @Override
    public TimeSource timeSource() {
        return TimeSource.system();
    }

    @Override
    public void close() {
        listener = null;
    }
}
