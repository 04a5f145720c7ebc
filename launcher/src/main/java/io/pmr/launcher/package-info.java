/**
 * The {@code pmr} command (picocli): {@code demo}, {@code agent}, {@code collector}, {@code rig}, and the demo's
 * oracle check against the rig's ground truth. The only module that sees all the others; commands wire them and map
 * failures to exit codes and messages naming what is wrong.
 */
package io.pmr.launcher;
