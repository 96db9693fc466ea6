# Reads the raw lines of a benchmark run, prints docs/benchmarks.md and
# writes the chart's data table to the file named by -v chartdata.
# Called by tests/bench/report.

function field(name,    i, kv) {
	for (i = 1; i <= NF; i++) {
		if (index($i, name "=") == 1)
			return substr($i, length(name) + 2)
	}
	return ""
}

function fmt(x) {
	if (x == "")
		return "-"
	if (x >= 100)
		return sprintf("%.0f", x)
	return sprintf("%.1f", x)
}

function ratio(a, b) {
	if (a == "" || b == "" || b + 0 == 0)
		return "-"
	return sprintf("%.1f", a / b)
}

function verdict(ok) {
	return ok ? "met" : "**missed**"
}

/^bench: host-cpu / { host_cpu = substr($0, 16) }
/^bench: guest-cpu / { guest_cpu = substr($0, 17); sub(/^ +/, "", guest_cpu) }
/^bench: guest-cpus / { guest_cpus = $3 }
/^bench: kernel / { kernel = $3 }
/^bench: mem-kib / { mem = int($3 / 1024) }
/^bench: host-load-before / { load_before = $3 " " $4 " " $5 }
/^bench: host-load-after / { load_after = $3 " " $4 " " $5 }
/^bench: date / { date = substr($0, 13) }
/^bench: commit / { commit = $3 }
/^bench: params / { params = substr($0, 15) }
/^bench: mpool / { mpools = mpools "`" $3 "`: `mpool=" $4 "`; " }
/^bench: buddyinfo / {
	sub(/^bench: buddyinfo /, "")
	buddy = buddy $0 "\n"
}
/^bench: rtkm_frag: / { frag_line = substr($0, 8) }
/^rtkm_bench: scatter: / { scatter_line = substr($0, 22) }
/^bench: error/ { errors = errors "- " substr($0, 8) "\n" }
/^bench: kernel-errors / { kerr += $4 }

/^rtkm_bench: baseline / {
	base[field("cpus")] = field("ns") " ns, " field("cycles") " cycles"
}

/^rtkm_bench: pair / {
	k = field("kind"); o = field("order"); l = field("live"); c = field("cpus")
	key = k SUBSEP o SUBSEP l SUBSEP c
	ns[key] = field("ns")
	wall[key] = field("wall")
	runs[key] = field("runs")
	cyc[key] = field("cycles")
	loops[key] = field("loops")
	fails[key] = field("fail")
	pairfail += field("fail")
	if (!(o in seen_order)) {
		seen_order[o] = 1
		orders[++nord] = o
	}
	if (l != 1)
		biglive = l
	if (c > maxcpus)
		maxcpus = c
}

/^rtkm_bench: bringup / {
	nb++
	b_kind[nb] = field("kind"); b_ctx[nb] = field("ctx")
	b_cycles[nb] = field("cycles"); b_of[nb] = field("of")
	b_allocs[nb] = field("allocs"); b_fail[nb] = field("fail")
}

/^rtkm_bench: pkt / {
	np++
	p_kind[np] = field("kind"); p_frag[np] = field("frag")
	p_buf[np] = field("buffers"); p_fail[np] = field("fail")
	p_ns[np] = field("ns"); p_cyc[np] = field("cycles")
	p_peak[np] = field("peak"); p_of[np] = field("of"); p_ms[np] = field("ms")
}

function pair_table(live, cpus,    i, j, o, key, line) {
	printf "| order |"
	for (j = 1; j <= nkinds; j++)
		printf " %s |", kinds[j]
	printf "\n|---:|"
	for (j = 1; j <= nkinds; j++)
		printf "---:|"
	printf "\n"
	for (i = 1; i <= nord; i++) {
		o = orders[i]
		line = "| " o " |"
		for (j = 1; j <= nkinds; j++) {
			key = kinds[j] SUBSEP o SUBSEP live SUBSEP cpus
			if (key in ns)
				line = line " " fmt(ns[key]) " ns / " cyc[key] " cyc"
			else
				line = line " -"
			if (key in fails && fails[key] > 0)
				line = line " (" fails[key] " failed)"
			line = line " |"
		}
		print line
	}
	print ""
}

function ratio_table(live, cpus,    i, j, o, r, line) {
	printf "| order |"
	for (j = 2; j <= nkinds; j++)
		printf " %s / rtkm |", kinds[j]
	printf "\n|---:|"
	for (j = 2; j <= nkinds; j++)
		printf "---:|"
	printf "\n"
	for (i = 1; i <= nord; i++) {
		o = orders[i]
		r = "rtkm" SUBSEP o SUBSEP live SUBSEP cpus
		line = "| " o " |"
		for (j = 2; j <= nkinds; j++)
			line = line " " ratio(ns[kinds[j] SUBSEP o SUBSEP live SUBSEP cpus], ns[r]) " |"
		print line
	}
	print ""
}

# Throughput with N CPUs over 1 CPU: each CPU did its own pairs, so it is
# N * (ns per pair on 1 CPU) / (ns per pair per CPU with N).
function scaling(kind, o, live, cpus,    a, b) {
	a = ns[kind SUBSEP o SUBSEP live SUBSEP 1]
	b = ns[kind SUBSEP o SUBSEP live SUBSEP cpus]
	if (a == "" || b == "" || b + 0 == 0)
		return ""
	return cpus * a / b
}

# The same from wall-clock time: N CPUs did N pairs per wall "pair".
function wall_scaling(kind, o, live, cpus,    a, b) {
	a = wall[kind SUBSEP o SUBSEP live SUBSEP 1]
	b = wall[kind SUBSEP o SUBSEP live SUBSEP cpus]
	if (a == "" || b == "" || b + 0 == 0)
		return ""
	return cpus * a / b
}

function wall_scaling_table(live,    i, j, o, s, line) {
	printf "| order |"
	for (j = 1; j <= nkinds; j++)
		printf " %s |", kinds[j]
	printf "\n|---:|"
	for (j = 1; j <= nkinds; j++)
		printf "---:|"
	printf "\n"
	for (i = 1; i <= nord; i++) {
		o = orders[i]
		line = "| " o " |"
		for (j = 1; j <= nkinds; j++) {
			s = wall_scaling(kinds[j], o, live, maxcpus)
			line = line " " (s == "" ? "-" : sprintf("%.2fx", s)) " |"
		}
		print line
	}
	print ""
}

function scaling_table(live,    i, j, o, s, line) {
	printf "| order |"
	for (j = 1; j <= nkinds; j++)
		printf " %s |", kinds[j]
	printf "\n|---:|"
	for (j = 1; j <= nkinds; j++)
		printf "---:|"
	printf "\n"
	for (i = 1; i <= nord; i++) {
		o = orders[i]
		line = "| " o " |"
		for (j = 1; j <= nkinds; j++) {
			s = scaling(kinds[j], o, live, maxcpus)
			line = line " " (s == "" ? "-" : sprintf("%.2fx", s)) " |"
		}
		print line
	}
	print ""
}

END {
	nkinds = split("rtkm pages_kernel pages_atomic kmalloc mempool vmalloc", kinds, " ")

	print "# RTKM benchmarks"
	print ""
	print "Generated by `make bench` (tests/bench/run, tests/bench/report) from one run;"
	print "the raw lines are in [benchmarks.raw.txt](benchmarks.raw.txt)."
	print ""
	print "**These numbers come from a QEMU TCG guest (software CPU emulation, no KVM)"
	print "on a host shared with other virtual machines. Absolute times are tens of"
	print "times slower than on hardware and vary from run to run; only the ratios"
	print "between allocators measured in the same run carry meaning.**"
	print ""
	print "| | |"
	print "|---|---|"
	print "| kernel | " kernel " (Debian), " guest_cpus " vCPUs, " mem " MiB |"
	print "| guest CPU model | " guest_cpu " (emulated) |"
	print "| host CPU model | " host_cpu " |"
	print "| host load average (1, 5, 15 min) | before " load_before ", after " load_after " |"
	print "| date, commit | " date ", " commit " |"
	print "| parameters | " params " |"
	print "| pools | " mpools "growth off (`rtkm_mem_exp=0`) |"
	print "| empty-loop baseline (subtracted) | 1 CPU: " base[1] "; " maxcpus " CPUs: " base[maxcpus] " |"
	print ""
	print "Each measurement: one kthread per CPU, pinned, released together after a"
	print "warm-up; ns and TSC cycles per alloc+free pair, averaged over the CPUs;"
	print "the fastest of several runs (`runs=` in the raw lines), so that a vCPU"
	print "the busy host preempted for a few ms does not decide a figure. The page"
	print "allocators run an eighth of the pairs at orders 5 and up (`loops=`)."
	print "rtkm: `rtkm_kmalloc`/`rtkm_kfree` of PAGE_SIZE << order bytes;"
	print "pages_kernel / pages_atomic: `alloc_pages`/`__free_pages` with GFP_KERNEL /"
	print "GFP_ATOMIC; kmalloc: `kmalloc`/`kfree` of the same size; mempool:"
	print "`mempool_create_page_pool` with the reserve rtkm's pool has;"
	print "vmalloc: `vmalloc`/`vfree`. Debian kernels zero every page the page"
	print "allocator hands out (`init_on_alloc=1`), so every allocator except rtkm"
	print "and the mempool's reserve pays for clearing the block: a large part of"
	print "the gap at high orders."
	print ""
	print "![pair cost by order](" pngname ")"
	print ""

	print "## Cost per alloc+free pair, 1 block held, 1 CPU"
	print ""
	pair_table(1, 1)
	print "Ratio of each allocator's cost to rtkm's (higher: rtkm is faster):"
	print ""
	ratio_table(1, 1)

	if (biglive != "") {
		print "## Cost per alloc+free pair, " biglive " order-1 blocks held, 1 CPU"
		print ""
		pair_table(biglive, 1)
		print "Ratio to rtkm:"
		print ""
		ratio_table(biglive, 1)
		print "rtkm with " biglive " blocks held over rtkm with 1 held (1.0: no slower):"
		print ""
		print "| order | 1 CPU | " maxcpus " CPUs |"
		print "|---:|---:|---:|"
		for (i = 1; i <= nord; i++) {
			o = orders[i]
			print "| " o " | " ratio(ns["rtkm" SUBSEP o SUBSEP biglive SUBSEP 1], ns["rtkm" SUBSEP o SUBSEP 1 SUBSEP 1]) \
				" | " ratio(ns["rtkm" SUBSEP o SUBSEP biglive SUBSEP maxcpus], ns["rtkm" SUBSEP o SUBSEP 1 SUBSEP maxcpus]) " |"
		}
		print ""
	}

	if (maxcpus > 1) {
		print "## Scaling from 1 to " maxcpus " CPUs"
		print ""
		print "Throughput with " maxcpus " CPUs at once over throughput with one (" maxcpus ".00x: perfect),"
		print "1 block held, from wall-clock time (first CPU's start to last CPU's end)."
		print "The vCPUs are threads on a host shared with other VMs: when the host"
		print "does not run both at once, no allocator can scale, so this figure is"
		print "bounded by the host's load (see the load averages above)."
		print ""
		wall_scaling_table(1)
		print "The same from each CPU's own time (its pairs over the time its loop"
		print "ran): what the allocator's sharing costs a CPU while the other one"
		print "also runs, as far as the host let them overlap:"
		print ""
		scaling_table(1)
		print "Per-CPU cost with " maxcpus " CPUs at once, 1 block held:"
		print ""
		pair_table(1, maxcpus)
		if (biglive != "") {
			print "Scaling with " biglive " blocks held:"
			print ""
			scaling_table(biglive)
		}
	}

	print "## Fragmentation: Wi-Fi driver bring-up and tear-down"
	print ""
	print "`rtkm_frag.ko leave_mb=1` took unmovable order-0 pages until little memory"
	print "was free and gave back every other one (" frag_line ")."
	print "It stops at the min watermark (GFP_KERNEL), and the free memory below it"
	print "is still in large blocks, so the benchmark module then takes every block"
	print "of order 1 and up that GFP_ATOMIC can still get, splits it into pages and"
	print "gives back every other page (" scatter_line "); those are given back when"
	print "the run ends. Pools were filled before both steps."
	print ""
	print "Each run replayed rtwsim's probe and remove: 1 x 416 KiB firmware"
	print "buffer (order 7), 16 x 20 KiB and 8 x 32 KiB bus buffers (order 3),"
	print "4 x 8 KiB tx rings (order 1), zeroed as the driver asks. rtkm:"
	print "`rtkm_kzalloc`; plain: `kzalloc` as with `CONFIG_RTKM=n`."
	print "Process context asks GFP_KERNEL | __GFP_RETRY_MAYFAIL (full reclaim and"
	print "compaction, but a failure instead of the OOM killer); atomic asks"
	print "GFP_ATOMIC with bottom halves disabled."
	print ""
	print "| allocator | context | cycles | allocations | failed |"
	print "|---|---|---:|---:|---:|"
	for (i = 1; i <= nb; i++)
		print "| " b_kind[i] " | " b_ctx[i] " | " b_cycles[i] (b_cycles[i] != b_of[i] ? " of " b_of[i] " (stopped at the time limit)" : "") \
			" | " b_allocs[i] " | " b_fail[i] " |"
	print ""
	print "`/proc/buddyinfo` (free blocks per order 0..10) before fragmenting, after"
	print "rtkm_frag (the module's own split step is undone at the end of each run,"
	print "so it shows in neither), and after the bring-up and packet runs:"
	print ""
	print "```"
	printf "%s", buddy
	print "```"
	print ""

	print "## Packet buffers: 30 streams of 8 Mbit/s, 64 KiB buffers held 500 ms"
	print ""
	print "A timer (softirq) plays 30 streams in real time; each takes a 64 KiB"
	print "buffer when the previous one is full and gives it back 500 ms later."
	print "1 MB/s x 0.5 s / 64 KiB = 7.6, so 8 full + 1 filling = 9 buffers per"
	print "stream, 270 in all: rtkm's order-4 pool and the vmalloc'd region hold 270."
	print "ns and cycles: one get plus one put, per attempt to get a buffer (a failed"
	print "attempt costs time too)."
	print ""
	print "| allocator | memory | run (ms) | buffers | failed | ns / attempt | cycles / attempt | most held at once |"
	print "|---|---|---:|---:|---:|---:|---:|---:|"
	for (i = 1; i <= np; i++)
		print "| " p_kind[i] " | " (p_frag[i] + 0 ? "fragmented" : "unfragmented") " | " p_ms[i] " | " p_buf[i] " | " p_fail[i] \
			" | " p_ns[i] " | " p_cyc[i] " | " p_peak[i] " of " p_of[i] " |"
	print ""

	print "## Targets"
	print ""
	print "| target | measured | verdict |"
	print "|---|---|---|"
	split("1 3 7", tord, " ")
	split("3 5 20", tfac, " ")
	for (t = 1; t <= 3; t++) {
		o = tord[t]
		r = ratio(ns["pages_kernel" SUBSEP o SUBSEP 1 SUBSEP 1], ns["rtkm" SUBSEP o SUBSEP 1 SUBSEP 1])
		print "| rtkm pair at most 1/" tfac[t] " of alloc_pages (GFP_KERNEL) at order " o \
			" | alloc_pages / rtkm = " r " | " verdict(r != "-" && r + 0 >= tfac[t]) " |"
	}
	if (biglive != "") {
		worst = 0
		for (i = 1; i <= nord; i++) {
			o = orders[i]
			r = ratio(ns["rtkm" SUBSEP o SUBSEP biglive SUBSEP 1], ns["rtkm" SUBSEP o SUBSEP 1 SUBSEP 1])
			if (r != "-" && r + 0 > worst) {
				worst = r + 0
				worst_o = o
			}
		}
		print "| rtkm no slower with " biglive " blocks held than with 1 (within 10%: TCG noise)" \
			" | worst: " sprintf("%.2f", worst) "x at order " worst_o " | " verdict(worst <= 1.1) " |"
	}
	if (maxcpus > 1) {
		worst = ""
		wworst = ""
		for (i = 1; i <= nord; i++) {
			o = orders[i]
			s = scaling("rtkm", o, 1, maxcpus)
			if (s != "" && (worst == "" || s < worst)) {
				worst = s
				worst_o = o
			}
			s = wall_scaling("rtkm", o, 1, maxcpus)
			if (s != "" && (wworst == "" || s < wworst)) {
				wworst = s
				wworst_o = o
			}
		}
		print "| rtkm " maxcpus "-CPU throughput at least 1.6x one CPU (wall clock) | lowest: " sprintf("%.2f", wworst) "x at order " wworst_o \
			" (host load average " load_before " before, " load_after " after) | " verdict(wworst != "" && wworst >= 1.6) " |"
		print "| the same from each CPU's own time | lowest: " sprintf("%.2f", worst) "x at order " worst_o \
			" | " verdict(worst != "" && worst >= 1.6) " |"
	}
	rf = 0
	for (i = 1; i <= nb; i++)
		if (b_kind[i] == "rtkm")
			rf += b_fail[i]
	for (i = 1; i <= np; i++)
		if (p_kind[i] == "rtkm")
			rf += p_fail[i]
	print "| zero rtkm failures in the fragmentation and packet scenarios | " rf " failed | " verdict(nb > 0 && np > 0 && rf == 0) " |"
	print ""
	print "Kernel errors (BUG, WARNING, Oops, rtkm leak or bad-free reports) during the run: " kerr + 0 "."
	if (errors != "") {
		print ""
		print "Problems reported by the run:"
		print ""
		printf "%s", errors
	}

	print "order rtkm pages_kernel pages_atomic kmalloc mempool vmalloc" >chartdata
	for (i = 1; i <= nord; i++) {
		o = orders[i]
		line = o
		for (j = 1; j <= nkinds; j++) {
			v = ns[kinds[j] SUBSEP o SUBSEP 1 SUBSEP 1]
			line = line " " (v == "" ? "NaN" : v)
		}
		print line >chartdata
	}
}
