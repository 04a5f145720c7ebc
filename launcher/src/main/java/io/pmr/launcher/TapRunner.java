package io.pmr.launcher;

import io.pmr.agent.Agent;
import io.pmr.agent.AgentSettings;
import io.pmr.hardware.SteadyTimeSource;
import io.pmr.hardware.TimeSource;
import io.pmr.hardware.tap.TraceTap;
import io.pmr.hardware.tap.TraceTapSettings;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An agent measuring a gateway's trace log in real time: one driver thread polls the tap (which calls the
 * agent's listener) and then ticks the agent, as the agent's threading contract requires; a second
 * scheduler serves the agent's MQTT work.
 */
final class TapRunner implements AutoCloseable {
    private final TraceTap tap;
    private final Agent agent;
    private final ScheduledExecutorService driver;
    private final ScheduledExecutorService mqtt;
    /** Null unless the time source is a {@link SteadyTimeSource}. */
    private final WallClockStepWatch wallWatch;

    private TapRunner(TraceTap tap, Agent agent, ScheduledExecutorService driver, ScheduledExecutorService mqtt,
                      WallClockStepWatch wallWatch) {
        this.tap = tap;
        this.agent = agent;
        this.driver = driver;
        this.mqtt = mqtt;
        this.wallWatch = wallWatch;
    }

    /**
     * Opens the tap, starts the agent on it (an agent that fails to start closes the tap again, which keeps its
     * checkpoint) and, when {@code pollEvery} is positive, polls on a schedule.
     * With a zero {@code pollEvery} nothing runs until {@link #step()} is called (tests). A live agent passes a
     * {@link SteadyTimeSource} (a wall-clock step then changes no figure); with one, each poll also logs a WARN
     * line when the wall clock has moved a second or more away from it ({@link WallClockStepWatch}).
     */
    static TapRunner start(AgentSettings settings, TraceTapSettings tapSettings, TimeSource time, Duration pollEvery)
            throws IOException {
        ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "pmr-tap-" + settings.agentId()));
        ScheduledExecutorService mqtt = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "pmr-agent-mqtt-" + settings.agentId());
            thread.setDaemon(true);
            return thread;
        });
        TraceTap tap = TraceTap.open(tapSettings, time);
        Agent agent;
        try {
            agent = Agent.start(settings, tap, mqtt);
        } catch (RuntimeException | Error e) {
            // Opening the tap consumed its checkpoint: closing it writes the checkpoint back (nothing was read).
            driver.shutdownNow();
            mqtt.shutdownNow();
            tap.close();
            throw e;
        }
        WallClockStepWatch watch = time instanceof SteadyTimeSource steady
                ? new WallClockStepWatch(settings.agentId(), steady) : null;
        TapRunner runner = new TapRunner(tap, agent, driver, mqtt, watch);
        if (!pollEvery.isZero()) {
            runner.pollEvery(pollEvery);
        }
        return runner;
    }

    /**
     * Starts polling every {@code interval} on the driver thread, for a runner started with a zero {@code pollEvery}:
     * a command polls only once everything it starts has started, so a start refused half-way has read nothing.
     */
    void pollEvery(Duration interval) {
        driver.scheduleWithFixedDelay(this::pollAndTick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollAndTick() {
        tap.poll();
        agent.tick();
        if (wallWatch != null) {
            wallWatch.check();
        }
    }

    /** Polls and ticks once on the driver thread, then waits for it. */
    void step() {
        onDriver(this::pollAndTick);
    }

    /** Sends whatever is final now, on the driver thread. */
    void flush() {
        onDriver(agent::flush);
    }

    Agent agent() {
        return agent;
    }

    TraceTap tap() {
        return tap;
    }

    private void onDriver(Runnable task) {
        try {
            driver.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("tap driver failed: " + e.getCause(), e.getCause());
        }
    }

    /** Stops polling, closes the agent gracefully (on the driver thread) and the tap. */
    void close(Duration timeout) {
        onDriver(() -> agent.close(timeout));
        driver.shutdownNow();
        mqtt.shutdownNow();
        tap.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
