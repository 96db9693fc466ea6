# The tracepoint-cost part of the benchmark report (tests/bench/guest.sh,
# step 2b), read by awk together with report.awk, which calls
# tracepoint_section() and tracepoint_target(). Each variant ran the
# same-CPU rtkm pair in several rounds, taking turns with the others.

/^bench: tracepoints variant=/ && g == "main" {
	tp_key = field("variant") SUBSEP field("order")
	tp_ns = field("ns") + 0
	if (!(tp_key in tp_min) || tp_ns < tp_min[tp_key])
		tp_min[tp_key] = tp_ns
	if (!(tp_key in tp_max) || tp_ns > tp_max[tp_key])
		tp_max[tp_key] = tp_ns
	tp_count[tp_key]++
	tp_order[field("order")] = 1
	tp_fail += field("fail")
}
/^bench: tracepoints rounds=/ && g == "main" { tp_rounds = field("rounds") }
/^bench: tracepoints events-recorded / && g == "main" { tp_events += $NF }
/^bench: tracepoints events-dir / && g == "main" && $NF != tp_dir_expect[field("variant")] {
	tp_dir_wrong = tp_dir_wrong " " field("variant") "=" $NF
}

BEGIN {
	tp_dir_expect["out"] = "absent"
	tp_dir_expect["disabled"] = "present"
	tp_dir_expect["enabled"] = "present"
	# The bound on "no measurable cost": well below any cost a driver's
	# data path could notice, and above what two loads of one build differ by.
	tp_bound = 0.03
}

# How far apart one variant's rounds were: (slowest - fastest) / fastest.
function tp_spread(v, o,    k) {
	k = v SUBSEP o
	if (!(k in tp_min) || tp_min[k] <= 0)
		return ""
	return (tp_max[k] - tp_min[k]) / tp_min[k]
}

function tp_spread_pct(v, o,    s) {
	s = tp_spread(v, o)
	return s == "" ? "-" : sprintf("%.1f%%", 100 * s)
}

function tp_pct(x) {
	return x == "" ? "-" : sprintf("%+.1f%%", 100 * x)
}

function tp_orders(    o, list) {
	list = ""
	for (o = 0; o <= 8; o++)
		if (o in tp_order)
			list = list (list == "" ? "" : " ") o
	return list
}

function tracepoint_section(    n, ol, i, o, out, off, on) {
	if (!length(tp_min))
		return
	print "## Tracepoints: their cost when disabled"
	print ""
	print "The same-CPU rtkm pair from a CPU cache (pools of 128 blocks), 1 block"
	print "held, with three builds of rtkm.ko loaded in turn, round after round:"
	print "**out**, built with `-DNOTRACE` (the kernel's switch that compiles a"
	print "file's tracepoints to empty inline functions; tracefs then has no"
	print "`rtkm` events); **disabled**, the shipped build with the events off, as"
	print "users run it; **enabled**, the shipped build with `events/rtkm/enable`"
	print "set, recording into the ring buffer. Each figure is the fastest round;"
	print "the spread is how far one build's own rounds were apart, the noise any"
	print "difference has to be read against."
	print ""
	print "| order | out | disabled | disabled / out | spread: out, disabled | enabled | enabled / out |"
	print "|---:|---:|---:|---:|---:|---:|---:|"
	n = split(tp_orders(), ol, " ")
	for (i = 1; i <= n; i++) {
		o = ol[i]
		out = tp_min["out" SUBSEP o]
		off = tp_min["disabled" SUBSEP o]
		on = tp_min["enabled" SUBSEP o]
		print "| " o " | " fmt(out) " ns | " fmt(off) " ns | " (out > 0 ? tp_pct(off / out - 1) : "-") \
			" | " tp_spread_pct("out", o) ", " tp_spread_pct("disabled", o) \
			" | " fmt(on) " ns | " xr(on, out) " |"
	}
	print ""
	print "Rounds per build and order: " tp_count["out" SUBSEP ol[1]] "; events the enabled rounds" \
		" left in the ring buffer: " tp_events + 0 "; failed allocations: " tp_fail + 0 "."
	print ""
}

# The target row: the disabled build within tp_bound of the build without
# tracepoints at every order measured. Only a complete run whose rounds
# agreed with each other within the same bound can say so; otherwise the
# verdict is "inconclusive", with the reason.
function tracepoint_target(    n, ol, i, o, v, out, off, d, worst, worst_o, why, sp) {
	n = split(tp_orders(), ol, " ")
	worst = ""
	why = ""
	if (n == 0)
		why = "not measured"
	for (i = 1; i <= n; i++) {
		o = ol[i]
		for (v = 1; v <= 3; v++) {
			k = (v == 1 ? "out" : v == 2 ? "disabled" : "enabled")
			if (tp_count[k SUBSEP o] != tp_rounds)
				why = why "; " k " at order " o ": " tp_count[k SUBSEP o] + 0 " of " tp_rounds + 0 " rounds"
		}
		for (v = 1; v <= 2; v++) {
			k = (v == 1 ? "out" : "disabled")
			sp = tp_spread(k, o)
			if (sp == "" || sp > tp_bound)
				why = why "; " k " rounds at order " o " spread " tp_spread_pct(k, o)
		}
		out = tp_min["out" SUBSEP o]
		off = tp_min["disabled" SUBSEP o]
		if (out <= 0 || off == "")
			continue
		d = off / out - 1
		if (worst == "" || d > worst) {
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
	print "| tracepoints disabled cost nothing measurable: the shipped rtkm pair within " 100 * tp_bound \
		"% of a build without tracepoints, every order, rounds agreeing within the same | " \
		(worst == "" ? "-" : "worst: " tp_pct(worst) " at order " worst_o) (why != "" ? " (" why ")" : "") \
		" | " (why != "" ? "**inconclusive**" : verdict(worst <= tp_bound)) " |"
}
