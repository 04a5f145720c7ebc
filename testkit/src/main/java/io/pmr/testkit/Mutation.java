package io.pmr.testkit;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One corruption of an encoding: flip a bit, overwrite a byte, truncate, insert bytes, duplicate a run or delete one.
 * Positions are taken modulo the input's length, so any generated mutation applies to any input.
 */
public record Mutation(Op op, int position, int value, int length) {
    public enum Op { FLIP, SET, TRUNCATE, INSERT, DUPLICATE, DELETE }

    /** Any single mutation. */
    public static Arbitrary<Mutation> any() {
        return Combinators.combine(Arbitraries.of(Op.class), Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 16)).as(Mutation::new);
    }

    /** One to four mutations, applied in order. */
    public static Arbitrary<List<Mutation>> some() {
        return any().list().ofMinSize(1).ofMaxSize(4);
    }

    public static byte[] applyAll(byte[] input, List<Mutation> mutations) {
        byte[] out = input;
        for (Mutation mutation : mutations) {
            out = mutation.apply(out);
        }
        return out;
    }

    public byte[] apply(byte[] in) {
        if (in.length == 0) {
            return op == Op.INSERT ? new byte[]{(byte) value} : in;
        }
        int at = position % in.length;
        byte[] out;
        switch (op) {
            case FLIP -> {
                out = in.clone();
                out[at] ^= (byte) (1 << (value & 7));
            }
            case SET -> {
                out = in.clone();
                out[at] = (byte) value;
            }
            case TRUNCATE -> out = Arrays.copyOf(in, at);
            case INSERT -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(in.length + length);
                bytes.write(in, 0, at);
                for (int i = 0; i < length; i++) {
                    bytes.write(value + 31 * i);
                }
                bytes.write(in, at, in.length - at);
                out = bytes.toByteArray();
            }
            case DUPLICATE -> {
                int run = Math.min(length, in.length - at);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(in.length + run);
                bytes.write(in, 0, at + run);
                bytes.write(in, at, in.length - at);
                out = bytes.toByteArray();
            }
            case DELETE -> {
                int run = Math.min(length, in.length - at);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(in.length);
                bytes.write(in, 0, at);
                bytes.write(in, at + run, in.length - at - run);
                out = bytes.toByteArray();
            }
            default -> throw new IllegalStateException(op.name());
        }
        return out;
    }
}
