/**
 * The simulated rig over TCP ({@code pmr rig}): {@link io.pmr.hardware.rig.RigServer} serves each region's
 * numbered {@link io.pmr.hardware.rig.RigJournal} and answers test commands; {@link io.pmr.hardware.rig.TcpRigPort}
 * and {@link io.pmr.hardware.rig.TcpCommandPort} are the ports agents use on it. Length-prefixed
 * {@code io.pmr.proto.v1.RigFrame}s on Netty; bad frames are counted and logged, never fatal.
 *
 * <p>Threading: each port delivers to its listener on one delivery thread, frames in seq order (duplicates dropped by
 * {@link io.pmr.hardware.rig.SeqOrderer}).
 */
package io.pmr.hardware.rig;
