package io.pmr.mqtt;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InflightStallTest {

    @Test
    void aWindowFullLongerThanTheBoundIsAStallAndAPubackClearsIt() {
        AtomicLong now = new AtomicLong(1_000);
        InflightStall stall = new InflightStall(500, now::get);
        assertEquals(-1, stall.full(), "the first full window starts the clock");
        now.addAndGet(500);
        assertEquals(-1, stall.full(), "not longer than the bound yet");
        now.addAndGet(1);
        assertEquals(501, stall.full());
        assertEquals(-1, stall.full(), "reported once, then it starts over");
        now.addAndGet(10_000);
        stall.cleared();
        assertEquals(-1, stall.full(), "a PUBACK in between: the clock starts again");
    }

    @Test
    void zeroNeverReportsAStall() {
        AtomicLong now = new AtomicLong();
        InflightStall stall = new InflightStall(0, now::get);
        stall.full();
        now.addAndGet(Long.MAX_VALUE / 2);
        assertEquals(-1, stall.full());
    }
}
