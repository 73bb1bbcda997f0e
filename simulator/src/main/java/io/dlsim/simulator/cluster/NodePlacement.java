package io.dlsim.simulator.cluster;

import io.dlsim.topologies.UserInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which worker member hosts which simulated nodes: the workers, ordered by member name, get
 * contiguous blocks of node ids of near-equal size (the first {@code n mod w} get one more).
 * Contiguous blocks keep neighbours of ring- and grid-like topologies on the same member.
 * Deterministic in (n, member names); node ids, trajectories and results never depend on it.
 */
public final class NodePlacement {
    /** Nodes {@code [from, to)} on the worker at {@code index} in name order. */
    public record Block(int index, String member, int from, int to) {
        public boolean contains(int node) {
            return node >= from && node < to;
        }
    }

    private final List<Block> blocks;
    private final int nodes;

    private NodePlacement(int nodes, List<Block> blocks) {
        this.nodes = nodes;
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Places {@code nodes} nodes on the workers named {@code members} (any order; sorted here).
     *
     * @throws UserInputException when two workers have the same name or there are more workers than nodes
     */
    public static NodePlacement of(int nodes, List<String> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("node placement needs at least one worker member");
        }
        List<String> sorted = new ArrayList<>(members);
        sorted.sort(null);
        for (int k = 1; k < sorted.size(); k++) {
            if (sorted.get(k).equals(sorted.get(k - 1))) {
                throw new UserInputException("two worker members are both named '" + sorted.get(k)
                        + "'; give each a different DLSIM_MEMBER");
            }
        }
        if (nodes < sorted.size()) {
            throw new UserInputException("nodes: " + nodes + " simulated nodes cannot be spread over " + sorted.size()
                    + " worker members; use at most " + nodes + " workers");
        }
        List<Block> blocks = new ArrayList<>();
        int w = sorted.size();
        int from = 0;
        for (int k = 0; k < w; k++) {
            int size = nodes / w + (k < nodes % w ? 1 : 0);
            blocks.add(new Block(k, sorted.get(k), from, from + size));
            from += size;
        }
        return new NodePlacement(nodes, blocks);
    }

    public List<Block> blocks() {
        return blocks;
    }

    public int nodes() {
        return nodes;
    }

    /** The block hosting {@code node}. */
    public Block blockOf(int node) {
        if (node < 0 || node >= nodes) {
            throw new IllegalArgumentException("node " + node + " is not in 0.." + (nodes - 1));
        }
        for (Block b : blocks) {
            if (b.contains(node)) {
                return b;
            }
        }
        throw new AssertionError(node);
    }
}
