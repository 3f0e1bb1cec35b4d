package dev.portcullis.controlplane.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a time range into the fewest roll-up reads that cover it exactly: whole days from the day roll-ups, whole
 * hours from the hour roll-ups, the rest from the finest resolution asked for. A 30-day ranking at minute resolution
 * then reads at most 30 day rows, 46 hour rows and 118 minute rows per series instead of 43,200 minute rows. Stateless.
 */
final class RollupTiles {

    /** One read: buckets of {@code resolution} in {@code [from, to)}; both ends are bucket starts. */
    record Tile(Resolution resolution, Instant from, Instant to) {
    }

    private RollupTiles() {
    }

    /**
     * The tiles of {@code [from, to)} at {@code finest} resolution, in time order. {@code from} is rounded down to
     * its bucket like every roll-up read; {@code to} is exclusive (the bucket holding it is read when it does not
     * start at {@code to}).
     */
    static List<Tile> of(Resolution finest, Instant from, Instant to) {
        List<Tile> tiles = new ArrayList<>();
        add(tiles, finest, finest.bucket(from), finest.bucketAtOrAfter(to));
        return tiles;
    }

    private static void add(List<Tile> tiles, Resolution resolution, Instant from, Instant to) {
        Resolution coarser = resolution.coarser();
        if (coarser == null) {
            tiles.add(new Tile(resolution, from, to));
            return;
        }
        Instant innerFrom = coarser.bucketAtOrAfter(from);
        Instant innerTo = coarser.bucket(to);
        if (!innerFrom.isBefore(innerTo)) {
            tiles.add(new Tile(resolution, from, to));
            return;
        }
        if (from.isBefore(innerFrom)) {
            tiles.add(new Tile(resolution, from, innerFrom));
        }
        add(tiles, coarser, innerFrom, innerTo);
        if (innerTo.isBefore(to)) {
            tiles.add(new Tile(resolution, innerTo, to));
        }
    }
}
