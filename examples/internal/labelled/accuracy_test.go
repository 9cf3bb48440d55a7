package labelled_test

import (
	"context"
	"encoding/json"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tousu/tousu/examples/internal/labelled"
	"github.com/tousu/tousu/triage"
)

// sharedData is where the labelled evaluation complaints live: beside the
// checkout, never inside it (they are not ours to redistribute).
var sharedData = filepath.Join("..", "..", "..", "..", "shared", "data")

// target is a floor the built-in policy must stay above.
type target struct {
	axis, metric string
	value        string // for per-value recall
	min          float64
}

// maxHalfGap bounds the accuracy difference between the two halves.
const maxHalfGap = 0.05

// maxSourceGap bounds how far from the pooled accuracy any one source
// (shop, waimai, hotel, car) may stand on any axis: the aim,
// 0.08. Car cause stands 0.078 above the pooled figure and hotel
// behaviour 0.077 below it (40 long reviews), so the README reports the
// gaps and a change that widens either fails here.
const maxSourceGap = 0.08

// targets are the aims for all 770 complaints, which the built-in
// policy meets (see the README's built-in policy section for the
// figures): a change that drops below any of them fails here.
var targets = []target{
	{"cause", "accuracy", "", 0.88},
	{"cause", "macro_f1", "", 0.84},
	{"severity", "accuracy", "", 0.95},
	{"severity", "macro_f1", "", 0.88},
	{"severity", "recall", "serious", 0.85},
	{"behaviour", "accuracy", "", 0.93},
	{"behaviour", "macro_f1", "", 0.89},
}

// demandFloor is the demand accuracy on our own demand labels for the
// first 200 lines of dev.jsonl (testdata/demand-dev200.jsonl: ids and
// labels only, never the texts).
const demandFloor = 0.95

func measure(r *labelled.Report, t target) float64 {
	a := r.Axis(t.axis)
	switch t.metric {
	case "accuracy":
		return a.Accuracy
	case "macro_f1":
		return a.MacroF1
	}
	return a.Value(t.value).Recall
}

// TestBuiltinAccuracy is the regression guard of the built-in policy: it
// evaluates Default() on the 770 labelled real complaints in ../shared/data
// beside the checkout (dev.jsonl, dev_rare.jsonl and dev2.jsonl) and fails
// below the targets, so that matcher, performance or policy changes cannot
// silently lose accuracy. It also checks every source against the pooled
// accuracy, the two halves of the complaints (odd and even FNV-32 hash of
// the id) against each other — a cheap check against rules fitted to
// particular sentences — and the demand axis against our own labels.
//
// go test prints nothing of a passing or skipped test in package-list
// mode, so an absent data folder fails the test with a message that says
// so; set TOUSU_SKIP_ACCURACY=1 to skip the guard on a machine without
// ../shared.
func TestBuiltinAccuracy(t *testing.T) {
	var files []string
	var missing []string
	for _, name := range []string{"dev.jsonl", "dev_rare.jsonl", "dev2.jsonl"} {
		if f := filepath.Join(sharedData, name); fileExists(f) {
			files = append(files, f)
		} else {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		if os.Getenv("TOUSU_SKIP_ACCURACY") != "" {
			t.Skipf("TOUSU_SKIP_ACCURACY is set and %s is absent: skipping the accuracy guard", strings.Join(missing, ", "))
		}
		t.Fatalf("the accuracy guard needs the labelled complaints beside the checkout, and %s is absent; put ../shared beside the checkout, or set TOUSU_SKIP_ACCURACY=1 to skip this guard", strings.Join(missing, ", "))
	}
	var all []labelled.Labelled
	for _, f := range files {
		all = append(all, readLabelled(t, f)...)
	}
	even, odd := labelled.Half(all, false), labelled.Half(all, true)
	ctx := context.Background()
	eng, err := triage.Default()
	if err != nil {
		t.Fatal(err)
	}
	evaluate := func(set []labelled.Labelled) *labelled.Report {
		t.Helper()
		r, err := labelled.Evaluate(ctx, eng, set)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	reps := map[string]*labelled.Report{"all": evaluate(all), "even": evaluate(even), "odd": evaluate(odd)}
	for _, tg := range targets {
		got := measure(reps["all"], tg)
		name := tg.axis + " " + tg.metric
		if tg.value != "" {
			name += " " + tg.value
		}
		t.Logf("%-28s all %.3f  even %.3f  odd %.3f  (floor %.3f)", name, got, measure(reps["even"], tg), measure(reps["odd"], tg), tg.min)
		if got < tg.min {
			t.Errorf("%s = %.3f on %d complaints, below the floor %.3f", name, got, len(all), tg.min)
		}
	}
	for _, ax := range reps["all"].Axes {
		e, o := reps["even"].Axis(ax.Axis).Accuracy, reps["odd"].Axis(ax.Axis).Accuracy
		gap := math.Abs(e - o)
		t.Logf("%-28s even %.3f  odd %.3f  gap %.3f (limit %.2f)", ax.Axis+" halves", e, o, gap, maxHalfGap)
		if gap > maxHalfGap {
			t.Errorf("%s accuracy: even half %.3f, odd half %.3f: more than %.2f apart", ax.Axis, e, o, maxHalfGap)
		}
	}
	bySource := map[string][]labelled.Labelled{}
	for _, it := range all {
		bySource[it.Source] = append(bySource[it.Source], it)
	}
	for _, src := range slices.Sorted(maps.Keys(bySource)) {
		r := evaluate(bySource[src])
		for _, ax := range reps["all"].Axes {
			pooled, got := ax.Accuracy, r.Axis(ax.Axis).Accuracy
			t.Logf("%-28s %.3f (pooled %.3f, %d complaints)", src+" "+ax.Axis, got, pooled, len(bySource[src]))
			if math.Abs(pooled-got) > maxSourceGap {
				t.Errorf("%s %s accuracy %.3f is more than %.2f from the pooled %.3f", src, ax.Axis, got, maxSourceGap, pooled)
			}
		}
	}
	// review: true should flag between 10 % and 35 % of the complaints and
	// catch at least half of those decided wrongly on one of the seeds'
	// three axes.
	var flagged, wrong, caught int
	for _, it := range all {
		d, err := eng.Triage(ctx, it.Complaint)
		if err != nil {
			t.Fatal(err)
		}
		bad := d.Cause != it.Labels["cause"] || d.Severity != it.Labels["severity"] || d.Behaviour != it.Labels["behaviour"]
		if d.Review {
			flagged++
		}
		if bad {
			wrong++
			if d.Review {
				caught++
			}
		}
	}
	share, catch := float64(flagged)/float64(len(all)), 1.0
	if wrong > 0 {
		catch = float64(caught) / float64(wrong)
	}
	t.Logf("%-28s flags %.3f of the complaints, catches %.3f of the %d wrong decisions", "review", share, catch, wrong)
	if share < 0.10 || share > 0.35 || catch < 0.5 {
		t.Errorf("review flags %.3f of the complaints (want 0.10–0.35) and catches %.3f of the wrong decisions (want ≥ 0.5)", share, catch)
	}
	demand := demandLabelled(t, all)
	r := evaluate(demand)
	acc := r.Axis("demand").Accuracy
	t.Logf("%-28s %.3f on our %d labels (floor %.2f)", "demand accuracy", acc, len(demand), demandFloor)
	if acc < demandFloor {
		t.Errorf("demand accuracy %.3f on our %d labels, below the floor %.2f", acc, len(demand), demandFloor)
	}
}

// demandLabelled joins our demand labels (id → demand) to the complaints
// they name, each carrying only that label.
func demandLabelled(t *testing.T, all []labelled.Labelled) []labelled.Labelled {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "demand-dev200.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]labelled.Labelled{}
	for _, it := range all {
		byID[it.Complaint.ID] = it
	}
	var out []labelled.Labelled
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var l struct{ ID, Demand string }
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("demand-dev200.jsonl: %v", err)
		}
		it, ok := byID[l.ID]
		if !ok {
			t.Fatalf("demand-dev200.jsonl names %q, which is not in the labelled files", l.ID)
		}
		out = append(out, labelled.Labelled{Complaint: it.Complaint, Source: it.Source, Labels: map[string]string{"demand": l.Demand}})
	}
	return out
}

func readLabelled(t *testing.T, f string) []labelled.Labelled {
	t.Helper()
	fh, err := os.Open(f)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	ls, err := labelled.ReadLabelled(fh)
	if err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	return ls
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// ownSets are our own labelled complaints (testdata/*.jsonl), each written
// for the project by someone who saw neither the labelled real complaints
// nor the policy, so they travel with the code and guard the policy where
// ../shared/data is absent. Floors stand a little under what the built-in
// policy measures on them; the .md beside each file says how it was written
// and measured.
//
// Eleven of them have been read for tuning, by the kinds of language they
// showed missing, and are development sets now: ours.jsonl (first measured
// at cause 0.770, severity 0.875, behaviour 0.905, demand 0.880), heldout
// (measured once at 0.781 / 0.756 / 0.969 / 0.912, read by kind later),
// heldout2 and heldout3 (each measured before it was read), and heldout5
// (300 items; measured once before it was read at cause 0.793, severity
// 0.883, behaviour 0.970, demand 0.947; its author labels angry outbursts
// serious more often than the labelled real complaints do, so its severity
// misses of that kind were left alone), and heldout6 (300 items by a sixth
// author; measured once before it was read at cause 0.840, severity 0.870,
// behaviour 0.947, demand 0.913 - and at 0.827 / 0.867 / 0.950 / 0.907
// with the policy as this session of work began), and heldout7 (300 short
// reviews and car-complaint titles by a seventh author; measured once before
// it was read at 0.840 / 0.897 / 0.960 / 0.937, against 0.837 / 0.897 /
// 0.960 / 0.933 for the policy as this session began), and heldout8 (300
// narratives, reviews and titles by an eighth author; measured once before
// it was read at 0.760 / 0.943 / 0.890 / 0.897, against 0.740 / 0.940 /
// 0.890 / 0.897 for the policy as this session began), and heldout9 (300
// quick, slangy phone reviews by a ninth author; measured once before it was
// read at 0.730 / 0.903 / 0.887 / 0.907, against 0.727 / 0.900 / 0.883 /
// 0.883 for the policy as this session began), and heldout11 (300 short
// app reviews and car titles by an eleventh author; measured once before it
// was read at 0.907 / 0.923 / 0.920 / 0.930, against 0.903 / 0.920 / 0.917
// / 0.917 for the policy as this session began), and heldout10 (300 older,
// plainer reviews, many of hotels, by a tenth author; measured once before it
// was read at 0.887 / 0.943 / 0.970 / 0.947, against 0.873 / 0.940 / 0.960
// / 0.953 for the policy as this session began). heldout4.jsonl
// is held out: its errors are not read and no change is made for any of
// its items, so a change that lowers its floors is a change that
// generalises worse. heldout12.jsonl (300 reviews by a twelfth author,
// arrived after the last policy change) is held out the same way: measured
// once at cause 0.817, severity 0.910, behaviour 0.973, demand 0.953, the
// same cause figure as the policy as that day began (0.817). heldout13
// (300 complaints by a thirteenth author, half of them mixed: two or more
// problems, one primary) was measured once before it was read, at cause
// 0.750, severity 0.923, behaviour 0.930, demand 0.913, and read by kind
// after; the fixes it led to moved heldout4 and heldout12 (measured again,
// errors still unread) from 0.840 / 0.955 / 0.935 / 0.945 and 0.817 /
// 0.910 / 0.973 / 0.953 to 0.840 / 0.955 / 0.940 / 0.945 and 0.813 /
// 0.910 / 0.980 / 0.957. heldout14.jsonl (300 complaints in the mix and
// style of a real complaint stream, by a fourteenth author) arrived after
// the last policy change and is held out like heldout4: measured once at
// cause 0.870, severity 0.977, behaviour 0.967, demand 0.973 - and the
// policy as that day began scores the same, but for demand (0.970).
// heldout15.jsonl (300 complaints by a fifteenth author, many of them
// serious by its own reading of LABELING.md) arrived after the
// distinct-findings change and is held out the same way: measured once at
// cause 0.817, severity 0.887, behaviour 0.927, demand 0.927; the policy
// as that day began scores 0.813 on cause and the same on the rest. It
// was then read as a tuning set (now 0.900 / 0.920 / 0.947 / 0.927).
// heldout16.jsonl (300 review-style complaints, written like the public
// sources: short shop and delivery reviews, long hotel reviews, car-owner
// posts) is held out: measured once, its errors never read, at cause
// 0.907, severity 0.947, behaviour 0.957, demand 0.963, against 0.900 on
// cause for the policy as its day began. heldout17.jsonl (300 more in the
// same style, by another author) was measured once at 0.887 / 0.967 /
// 0.930 / 0.987 and then read as a tuning set. heldout18.jsonl (300 more,
// with extra integrity and price shapes) was measured once at 0.843 /
// 0.950 / 0.957 / 0.953 and then read as a tuning set; heldout19.jsonl
// (300 in the same style) is held out: measured once at 0.950 / 0.953 /
// 0.940 / 0.973, its errors never read. heldout20.jsonl (300 leaning on
// delivery, hotel and car) was measured once at 0.840 / 0.957 / 0.920 /
// 0.953 and then read as a tuning set; heldout21.jsonl is held out:
// measured once at 0.940 / 0.960 / 0.937 / 0.967.
var ownSets = []struct {
	name, what string
	floors     map[string]float64
}{
	{"ours.jsonl", "of our complaints", map[string]float64{"cause": 0.895, "severity": 0.955, "behaviour": 0.965, "demand": 0.93}},
	{"heldout.jsonl", "complaints of the first independent set", map[string]float64{"cause": 0.83, "severity": 0.75, "behaviour": 0.97, "demand": 0.94}},
	{"heldout2.jsonl", "complaints of the second independent set", map[string]float64{"cause": 0.94, "severity": 0.96, "behaviour": 0.95, "demand": 0.96}},
	{"heldout3.jsonl", "complaints of the third independent set", map[string]float64{"cause": 0.94, "severity": 0.94, "behaviour": 0.965, "demand": 0.95}},
	{"heldout5.jsonl", "complaints of the fifth independent set", map[string]float64{"cause": 0.89, "severity": 0.9, "behaviour": 0.97, "demand": 0.96}},
	{"heldout6.jsonl", "complaints of the sixth independent set", map[string]float64{"cause": 0.92, "severity": 0.9, "behaviour": 0.96, "demand": 0.94}},
	{"heldout7.jsonl", "complaints of the seventh independent set", map[string]float64{"cause": 0.91, "severity": 0.915, "behaviour": 0.96, "demand": 0.94}},
	{"heldout8.jsonl", "complaints of the eighth independent set", map[string]float64{"cause": 0.905, "severity": 0.945, "behaviour": 0.94, "demand": 0.945}},
	{"heldout9.jsonl", "complaints of the ninth independent set", map[string]float64{"cause": 0.855, "severity": 0.92, "behaviour": 0.9, "demand": 0.92}},
	{"heldout11.jsonl", "complaints of the eleventh independent set", map[string]float64{"cause": 0.97, "severity": 0.92, "behaviour": 0.925, "demand": 0.965}},
	{"heldout10.jsonl", "complaints of the tenth independent set", map[string]float64{"cause": 0.93, "severity": 0.94, "behaviour": 0.96, "demand": 0.945}},
	{"heldout13.jsonl", "complaints of the thirteenth independent set", map[string]float64{"cause": 0.845, "severity": 0.93, "behaviour": 0.945, "demand": 0.94}},
	{"heldout12.jsonl", "held-out complaints of the twelfth set", map[string]float64{"cause": 0.81, "severity": 0.9, "behaviour": 0.97, "demand": 0.945}},
	{"heldout14.jsonl", "held-out complaints of the fourteenth set", map[string]float64{"cause": 0.88, "severity": 0.965, "behaviour": 0.955, "demand": 0.96}},
	{"heldout15.jsonl", "complaints of the fifteenth independent set", map[string]float64{"cause": 0.89, "severity": 0.91, "behaviour": 0.935, "demand": 0.915}},
	{"heldout16.jsonl", "held-out complaints of the sixteenth set", map[string]float64{"cause": 0.9, "severity": 0.935, "behaviour": 0.945, "demand": 0.95}},
	{"heldout17.jsonl", "complaints of the seventeenth independent set", map[string]float64{"cause": 0.91, "severity": 0.965, "behaviour": 0.955, "demand": 0.975}},
	{"heldout18.jsonl", "complaints of the eighteenth independent set", map[string]float64{"cause": 0.91, "severity": 0.955, "behaviour": 0.97, "demand": 0.94}},
	{"heldout19.jsonl", "held-out complaints of the nineteenth set", map[string]float64{"cause": 0.94, "severity": 0.94, "behaviour": 0.93, "demand": 0.96}},
	{"heldout20.jsonl", "complaints of the twentieth independent set", map[string]float64{"cause": 0.9, "severity": 0.955, "behaviour": 0.955, "demand": 0.94}},
	{"heldout21.jsonl", "held-out complaints of the twenty-first set", map[string]float64{"cause": 0.93, "severity": 0.95, "behaviour": 0.925, "demand": 0.955}},
	{"heldout4.jsonl", "held-out complaints", map[string]float64{"cause": 0.84, "severity": 0.945, "behaviour": 0.935, "demand": 0.935}},
}

// TestOwnComplaints evaluates the built-in policy on each of our own
// labelled sets and fails below its floors.
func TestOwnComplaints(t *testing.T) {
	for _, set := range ownSets {
		t.Run(strings.TrimSuffix(set.name, ".jsonl"), func(t *testing.T) {
			checkFloors(t, set.name, set.what, set.floors)
		})
	}
}

// checkFloors evaluates the built-in policy on testdata/name and fails
// where an axis's accuracy is below its floor.
func checkFloors(t *testing.T, name, what string, floors map[string]float64) {
	t.Helper()
	items := readLabelled(t, filepath.Join("testdata", name))
	eng, err := triage.Default()
	if err != nil {
		t.Fatal(err)
	}
	r, err := labelled.Evaluate(context.Background(), eng, items)
	if err != nil {
		t.Fatal(err)
	}
	for _, axis := range slices.Sorted(maps.Keys(floors)) {
		acc := r.Axis(axis).Accuracy
		t.Logf("%-10s %.3f on %d %s (floor %.3f)", axis, acc, len(items), what, floors[axis])
		if acc < floors[axis] {
			t.Errorf("%s accuracy %.3f on %d %s, below the floor %.3f", axis, acc, len(items), what, floors[axis])
		}
	}
}
