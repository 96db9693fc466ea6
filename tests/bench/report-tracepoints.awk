# The tracepoint-cost part of the benchmark report (tests/bench/guest.sh,
# step 2b), read by awk together with report.awk, which calls
# tracepoint_section() and tracepoint_target(). Each variant ran the
# same-CPU rtkm pair once per round, the variants taking turns; every
# figure here compares a variant with the "out" load of the same round.

/^bench: tracepoints variant=/ && g == "main" {
	tp_ns[field("variant"), field("order"), field("round")] = field("ns") + 0
	tp_count[field("variant"), field("order")]++
	tp_order[field("order")] = 1
	tp_fail += field("fail")
}
/^bench: tracepoints rounds=/ && g == "main" { tp_rounds = field("rounds") + 0 }
/^bench: tracepoints events-recorded / && g == "main" { tp_events += $NF }
/^bench: tracepoints events-dir / && g == "main" && $NF != tp_dir_expect[field("variant")] {
	tp_dir_wrong = tp_dir_wrong " " field("variant") "=" $NF
}

BEGIN {
	tp_dir_expect["out"] = "absent"
	tp_dir_expect["out-again"] = "absent"
	tp_dir_expect["out-aligned"] = "absent"
	tp_dir_expect["disabled"] = "present"
	tp_dir_expect["enabled"] = "present"
	# The bound on "no measurable cost": well below any cost a driver's
	# data path could notice. Both controls (the build without tracepoints
	# loaded again, and the same code laid out with aligned functions)
	# must themselves stay within it, or the run cannot tell.
	tp_bound = 0.03
}

# Puts x into a[1..n], kept sorted; returns n + 1.
function tp_insert(a, n, x,    j) {
	for (j = n; j >= 1 && a[j] > x; j--)
		a[j + 1] = a[j]
	a[j + 1] = x
	return n + 1
}

# The median of a[1..n], sorted, or "".
function tp_median(a, n) {
	if (!n)
		return ""
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

# Fills r[1..n] with variant v's per-round ratios to "out" at order o,
# sorted; returns n.
function tp_ratios(v, o, r,    i, n, kv, ko) {
	n = 0
	for (i = 1; i <= tp_rounds; i++) {
		kv = v SUBSEP o SUBSEP i
		ko = "out" SUBSEP o SUBSEP i
		if (!(kv in tp_ns) || !(ko in tp_ns) || tp_ns[ko] <= 0)
			continue
		n = tp_insert(r, n, tp_ns[kv] / tp_ns[ko])
	}
	return n
}

# The median per-round ratio minus 1 (a relative cost), or "".
function tp_cost(v, o,    r, n) {
	n = tp_ratios(v, o, r)
	return n ? tp_median(r, n) - 1 : ""
}

# "median (middle half: low to high)" of the per-round costs, as
# percentages, or with as_ratio set as ratios (for the enabled events,
# whose cost is a multiple).
function tp_cost_text(v, o, as_ratio,    r, n, q) {
	n = tp_ratios(v, o, r)
	if (!n)
		return "-"
	q = int(n / 4)
	if (as_ratio)
		return sprintf("%.2fx (%.2fx to %.2fx)", tp_cost(v, o) + 1, r[q + 1], r[n - q])
	return tp_pct(tp_cost(v, o)) " (" tp_pct(r[q + 1] - 1) " to " tp_pct(r[n - q] - 1) ")"
}

function tp_pct(x) {
	return x == "" ? "-" : sprintf("%+.1f%%", 100 * x)
}

# The median ns of variant v at order o over its rounds.
function tp_median_ns(v, o,    i, n, a) {
	n = 0
	for (i = 1; i <= tp_rounds; i++)
		if ((v, o, i) in tp_ns)
			n = tp_insert(a, n, tp_ns[v, o, i])
	return tp_median(a, n)
}

function tp_orders(    o, list) {
	list = ""
	for (o = 0; o <= 8; o++)
		if (o in tp_order)
			list = list (list == "" ? "" : " ") o
	return list
}

function tracepoint_section(    n, ol, i, o) {
	if (!length(tp_count))
		return
	print "## Tracepoints: their cost when disabled"
	print ""
	print "The same-CPU rtkm pair from a CPU cache (pools of 128 blocks), 1 block"
	print "held, with four loads of rtkm.ko in turn, round after round: **out**,"
	print "built with `-DNOTRACE` (the kernel's switch that compiles a file's"
	print "tracepoints to empty inline functions; tracefs then has no `rtkm`"
	print "events); **disabled**, the shipped build with the events off, as users"
	print "run it; **enabled**, the shipped build with `events/rtkm/enable` set,"
	print "recording into the ring buffer; **out again**, the `-DNOTRACE` build"
	print "loaded a second time, a control: identical code, so its difference"
	print "from **out** is this setup's own noise; and **out, aligned**, the"
	print "`-DNOTRACE` source built with `-falign-functions=64`, the other control:"
	print "the same instructions laid out elsewhere, so its difference from **out**"
	print "is what code layout alone does to TCG's timings. Each cost is the median over the"
	print "rounds of a variant's time divided by the **out** time of the same"
	print "round (for **enabled**, that ratio itself), with the middle half of the"
	print "rounds in brackets."
	print ""
	print "| order | out (median) | disabled | out again (control) | out, aligned (control) | enabled |"
	print "|---:|---:|---:|---:|---:|---:|"
	n = split(tp_orders(), ol, " ")
	for (i = 1; i <= n; i++) {
		o = ol[i]
		print "| " o " | " fmt(tp_median_ns("out", o)) " ns | " tp_cost_text("disabled", o) \
			" | " tp_cost_text("out-again", o) " | " tp_cost_text("out-aligned", o) \
			" | " tp_cost_text("enabled", o, 1) " |"
	}
	print ""
	print "Rounds: " tp_rounds + 0 "; events the enabled rounds left in the ring buffer: " \
		tp_events + 0 "; failed allocations: " tp_fail + 0 "."
	print ""
}

# The target row: the disabled build's median cost within tp_bound at every
# order measured. Only a complete run whose two controls stayed within the
# same bound can say so either way; otherwise the verdict is
# "inconclusive", with the reason.
function tracepoint_target(    n, ol, i, o, v, k, c, d, worst, worst_o, why) {
	n = split(tp_orders(), ol, " ")
	worst = ""
	why = ""
	if (n == 0)
		why = "not measured"
	for (i = 1; i <= n; i++) {
		o = ol[i]
		for (v = 1; v <= 5; v++) {
			k = (v == 1 ? "out" : v == 2 ? "out-again" : v == 3 ? "out-aligned" : v == 4 ? "disabled" : "enabled")
			if (tp_count[k, o] != tp_rounds)
				why = why "; " k " at order " o ": " tp_count[k, o] + 0 " of " tp_rounds + 0 " rounds"
		}
		c = tp_cost("out-again", o)
		if (c == "" || c > tp_bound || c < -tp_bound)
			why = why "; two loads of one build differed by " tp_pct(c) " at order " o
		c = tp_cost("out-aligned", o)
		if (c == "" || c > tp_bound || c < -tp_bound)
			why = why "; the same code with aligned functions differed by " tp_pct(c) " at order " o
		d = tp_cost("disabled", o)
		if (d != "" && (worst == "" || d > worst)) {
			worst = d
			worst_o = o
		}
	}
	if (n > 0 && tp_events + 0 == 0)
		why = why "; the enabled rounds recorded no event"
	if (tp_dir_wrong != "")
		why = why "; tracefs did not match the builds:" tp_dir_wrong
	if (tp_fail)
		why = why "; " tp_fail " allocations failed"
	sub(/^; /, "", why)
	print "| tracepoints disabled cost nothing measurable: the shipped rtkm pair's median cost within " \
		100 * tp_bound "% of a build without tracepoints, every order, that build's reload and its aligned-functions layout within the same | " \
		(worst == "" ? "-" : "worst: " tp_pct(worst) " at order " worst_o) (why != "" ? " (" why ")" : "") \
		" | " (why != "" || worst == "" ? "**inconclusive**" : verdict(worst <= tp_bound)) " |"
}
