package org.nelmregistry.reporting.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cell suppression for one published table (docs/disclosure-control.md). A table is a set of counts ("members",
 * keyed so that the same count in a related table has the same key) and additive lines (a parent count that is
 * the sum of its children: a margin and its cells, a total and its margins).
 *
 * <p>Primary suppression hides counts 1–4, counts that differ by 1–4 from the same count in an ancestor request
 * (the same report with fewer filters), counts hidden in an ancestor, counts the caller asks to hide, and — for a
 * centre lead — counts whose cases from other centres number 1–4. Complementary suppression then runs to a
 * fixpoint: in every line, for the public and for every centre lead who knows the counts of their own centre
 * (a count all of whose cases come from that centre), the hidden counts must not be exactly one unknown, and when
 * the line's parent is known their sum must leave each hidden count free to be 5 or more (sum ≥ unknowns + 4); a
 * failing line hides its smallest other non-zero count that the line's knowledge holder does not know, else its
 * parent.
 */
final class Protector {

    static final int MAX_HIDDEN = 4;

    /** One count of a table. */
    static final class Member {
        final String key;
        int count;
        /** Cases of the viewer's own centre in this count (centre lead only). */
        int own;
        /** The centre this count is about by definition (its key has centre_id=C), or null: that centre's lead knows it. */
        final String keyCentre;
        /** Cases per centre: a lead knows its own centre's share of any count. */
        final Map<String, Integer> byCentre = new HashMap<>();
        boolean hidden;
        boolean exact;

        Member(String key) {
            this.key = key;
            this.keyCentre = keyCentre(key);
        }

        void add(String centre, String ownCentre) {
            count++;
            if (ownCentre != null && ownCentre.equals(centre)) {
                own++;
            }
            byCentre.merge(String.valueOf(centre), 1, Integer::sum);
        }

        /** What a holder (a centre's lead, or the public for null) does not know of this count. */
        int othersThan(String holder) {
            return holder == null ? count : count - byCentre.getOrDefault(holder, 0);
        }
    }

    static String keyCentre(String key) {
        for (String part : key.split("[|@#]")) {
            if (part.startsWith("centre_id=")) {
                return part.substring("centre_id=".length());
            }
        }
        return null;
    }

    private final Map<String, Member> members = new LinkedHashMap<>();
    private final List<Member[]> lines = new ArrayList<>();
    private final Viewer viewer;

    Protector(Viewer viewer) {
        this.viewer = viewer;
    }

    Member member(String key) {
        return members.computeIfAbsent(key, Member::new);
    }

    Member get(String key) {
        return members.get(key);
    }

    /** The keys of the members this table hides. */
    java.util.Set<String> hiddenKeys() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Member m : members()) {
            if (m.hidden) {
                keys.add(m.key);
            }
        }
        return keys;
    }

    Collection<Member> members() {
        return members.values();
    }

    /** Adds one case (or procedure) of the given centre to the count under key. */
    void add(String key, String centre) {
        member(key).add(centre, viewer.ownCentre());
    }

    /** A line: parent = sum of children (all keys must exist). Lines with a single child add nothing. */
    void line(String parent, Collection<String> children) {
        if (children.size() < 2 && children.contains(parent)) {
            return;
        }
        Member[] l = new Member[children.size() + 1];
        l[0] = members.get(parent);
        int i = 1;
        for (String c : children) {
            l[i++] = members.get(c);
        }
        lines.add(l);
    }

    boolean hidden(String key) {
        Member m = members.get(key);
        return m != null && m.hidden;
    }

    /**
     * Decides what is hidden. {@code ancestors} are the already protected tables of the same report with fewer
     * filters; {@code forced} are keys hidden by a related table (e.g. the summary beside an outcome report).
     */
    void protect(List<Protector> ancestors, Set<String> forced) {
        if (!viewer.protectedView()) {
            return;
        }
        String ownCentre = viewer.ownCentre();
        for (Member m : members.values()) {
            m.exact = ownCentre != null && m.count > 0 && m.own == m.count;
            if (m.exact || m.count == 0) {
                continue;
            }
            boolean hide = m.count <= MAX_HIDDEN || forced.contains(m.key);
            if (ownCentre != null && small(m.count - m.own)) {
                hide = true; // the lead knows its own cases: the rest must not be 1–4
            }
            for (Protector a : ancestors) {
                Member am = a.members.get(m.key);
                if (am != null && (am.hidden || small(am.count - m.count))) {
                    hide = true;
                }
            }
            m.hidden = hide;
        }
        complementary();
    }

    static boolean small(int n) {
        return n >= 1 && n <= MAX_HIDDEN;
    }

    private void complementary() {
        do {
            lineFixpoint();
        } while (algebraFix());
    }

    private void lineFixpoint() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Member[] line : lines) {
                for (String holder : holders(line)) {
                    while (violated(line, holder)) {
                        if (!hideOneMore(line, holder)) {
                            break;
                        }
                        changed = true;
                    }
                }
            }
        }
    }

    /**
     * Beyond single lines: solves all the lines together (Gaussian elimination), as the public, the viewer and each
     * centre's lead. When a hidden count is determined and the part of it the solver does not already know is 1–4,
     * hides the smallest shown count of a line through it. Returns whether it hid something.
     */
    private boolean algebraFix() {
        Set<String> holders = new LinkedHashSet<>();
        holders.add(null);
        if (viewer.ownCentre() != null) {
            holders.add(viewer.ownCentre());
        }
        for (Member m : members.values()) {
            if (m.keyCentre != null) {
                holders.add(m.keyCentre);
            }
        }
        for (String holder : holders) {
            List<Member> unknown = new ArrayList<>();
            Map<Member, Integer> col = new java.util.IdentityHashMap<>();
            for (Member m : members.values()) {
                if (m.hidden && !knows(holder, m)) {
                    col.put(m, unknown.size());
                    unknown.add(m);
                }
            }
            if (unknown.isEmpty()) {
                continue;
            }
            List<double[]> rows = new ArrayList<>();
            for (Member[] line : lines) {
                double[] row = null;
                for (int i = 0; i < line.length; i++) {
                    Integer j = col.get(line[i]);
                    if (j != null) {
                        if (row == null) {
                            row = new double[unknown.size()];
                        }
                        row[j] += i == 0 ? 1 : -1;
                    }
                }
                if (row != null) {
                    rows.add(row);
                }
            }
            for (int j : determined(rows, unknown.size())) {
                Member m = unknown.get(j);
                // the viewer (a lead sees its own centre) and the holder together know their own cases
                int others = m.othersThan(holder) - (holder != null && !holder.equals(viewer.ownCentre()) ? m.own : 0);
                if (holder == null && viewer.ownCentre() != null) {
                    others = m.count - m.own;
                }
                if (small(others) && hideNextTo(m, holder)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Columns whose variable the rows determine (a reduced row with a single non-zero entry). */
    static List<Integer> determined(List<double[]> rows, int n) {
        double[][] a = rows.toArray(new double[0][]);
        int r = 0;
        for (int c = 0; c < n && r < a.length; c++) {
            int p = -1;
            for (int i = r; i < a.length; i++) {
                if (Math.abs(a[i][c]) > 1e-9 && (p < 0 || Math.abs(a[i][c]) > Math.abs(a[p][c]))) {
                    p = i;
                }
            }
            if (p < 0) {
                continue;
            }
            double[] t = a[p];
            a[p] = a[r];
            a[r] = t;
            double piv = a[r][c];
            for (int k = 0; k < n; k++) {
                a[r][k] /= piv;
            }
            for (int i = 0; i < a.length; i++) {
                if (i != r && Math.abs(a[i][c]) > 1e-12) {
                    double f = a[i][c];
                    for (int k = 0; k < n; k++) {
                        a[i][k] -= f * a[r][k];
                    }
                }
            }
            r++;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            int nz = 0;
            int at = -1;
            for (int k = 0; k < n; k++) {
                if (Math.abs(a[i][k]) > 1e-9) {
                    nz++;
                    at = k;
                }
            }
            if (nz == 1) {
                out.add(at);
            }
        }
        return out;
    }

    /** Hides the smallest shown count (not known to the holder) of a line through m, else such a line's parent. */
    private boolean hideNextTo(Member m, String holder) {
        Member best = null;
        Member parent = null;
        for (Member[] line : lines) {
            if (!java.util.Arrays.asList(line).contains(m)) {
                continue;
            }
            for (int i = 1; i < line.length; i++) {
                Member x = line[i];
                if (!x.hidden && !x.exact && x.count > 0 && !knows(holder, x)
                        && (best == null || x.count < best.count || (x.count == best.count && x.key.compareTo(best.key) < 0))) {
                    best = x;
                }
            }
            if (parent == null && !line[0].hidden && !line[0].exact && line[0].count > 0 && !knows(holder, line[0])) {
                parent = line[0];
            }
        }
        Member h = best != null ? best : parent;
        if (h == null) {
            return false;
        }
        h.hidden = true;
        return true;
    }

    /** The public (null) and every centre whose own counts appear in the line. */
    private static Set<String> holders(Member[] line) {
        Set<String> h = new LinkedHashSet<>();
        h.add(null);
        for (Member m : line) {
            if (m.keyCentre != null) {
                h.add(m.keyCentre);
            }
        }
        return h;
    }

    private static boolean knows(String holder, Member m) {
        return holder != null && holder.equals(m.keyCentre);
    }

    private static boolean violated(Member[] line, String holder) {
        int unknown = 0;
        int sum = 0;
        boolean parentUnknown = false;
        for (int i = 0; i < line.length; i++) {
            Member m = line[i];
            if (m.hidden && !knows(holder, m)) {
                unknown++;
                if (i == 0) {
                    parentUnknown = true;
                } else {
                    sum += m.count;
                }
            }
        }
        if (unknown == 1) {
            return true;
        }
        // parent known: the hidden children's sum is known; each must still be free to be ≥ 5
        return !parentUnknown && unknown > 1 && sum < unknown + MAX_HIDDEN;
    }

    private static boolean hideOneMore(Member[] line, String holder) {
        Member best = null;
        for (int i = 1; i < line.length; i++) {
            Member m = line[i];
            if (!m.hidden && !m.exact && m.count > 0 && !knows(holder, m)
                    && (best == null || m.count < best.count
                            || (m.count == best.count && m.key.compareTo(best.key) < 0))) {
                best = m;
            }
        }
        if (best == null && !line[0].hidden && !line[0].exact && line[0].count > 0) {
            best = line[0];
        }
        if (best == null) {
            return false;
        }
        best.hidden = true;
        return true;
    }

    @Override
    public String toString() {
        return Arrays.toString(members.values().stream().map(m -> m.key + "=" + m.count + (m.hidden ? "*" : ""))
                .toArray());
    }
}
