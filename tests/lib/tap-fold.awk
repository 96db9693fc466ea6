# Folds the TAP stream of one test case (read on stdin, as it comes) into
# the caller's own stream; see rtkm_tap_fold in tests/lib/common.sh, which
# runs it.  A stream merged into another loses its plan and its exit
# status on the way, so a case that died half-way, bailed out or exited
# non-zero would look like a shorter, passing one.  This program checks
# both before they are lost.
#
# Variables (awk -v):
#   label   prefix for the case's test descriptions, e.g. "m load"
#   n       number of tests the caller has printed so far
#   status  file holding the case's exit status once it has ended
#   res     file to write "TOTAL FAILED" to at the end
#
# Each "ok"/"not ok" line is renumbered after n and named "label: ...",
# directives (# SKIP, # TODO) kept; the case's plan goes; any other line
# becomes a "#" comment.  One more test closes the case: it passes when the
# case exited 0, did not bail out, printed exactly one plan, and ran the
# tests that plan announced, numbered in sequence.
#
# Plain POSIX awk (mawk in the guests): fflush() after each line, because
# a VM that times out shows only the output that has crossed the serial
# port by then.

function emit(line) {
	print line
	fflush()
}

function problem(what) {
	problems = problems (problems == "" ? "" : "; ") what
}

/^(not )?ok([ \t]|$)/ {
	ok = $1 == "ok"
	rest = $0
	sub(/^(not )?ok[ \t]*/, "", rest)
	ran++
	if (match(rest, /^[0-9]+/)) {
		if (substr(rest, 1, RLENGTH) + 0 != ran)
			out_of_sequence = 1
		rest = substr(rest, RLENGTH + 1)
	}
	sub(/^[ \t]*(-[ \t]*)?/, "", rest)
	# a failing TODO test is expected to fail: TAP does not count it
	if (!ok && toupper(rest) !~ /#[ \t]*TODO/)
		failed++
	n++
	emit((ok ? "ok " : "not ok ") n " - " label (rest == "" ? "" : ": " rest))
	next
}

/^1\.\.[0-9]+/ {
	plans++
	planned = $0
	sub(/^1\.\./, "", planned)
	sub(/[^0-9].*/, "", planned)
	planned += 0
	next
}

/^Bail out!/ {
	bail = $0
	sub(/^Bail out![ \t]*/, "", bail)
	bailed = 1
	emit("# " $0)
	next
}

/^#/ {
	emit($0)
	next
}

{
	emit("# " $0)
}

END {
	if ((getline code < status) <= 0 || code !~ /^[0-9]+$/)
		problem("left no exit status")
	else if (code != 0)
		problem("exited with status " code)
	if (bailed)
		problem("bailed out" (bail == "" ? "" : " (" bail ")"))
	if (plans == 0)
		problem("printed no plan after " ran + 0 " test(s)")
	else if (plans > 1)
		problem("printed " plans " plans")
	else if (planned != ran)
		problem("ran " ran + 0 " of " planned " planned test(s)")
	if (out_of_sequence)
		problem("numbered its tests out of sequence")
	n++
	if (problems == "") {
		emit("ok " n " - " label ": exited 0 after the " ran + 0 " test(s) of its plan")
	} else {
		failed++
		emit("not ok " n " - " label ": " problems)
	}
	print n, failed + 0 > res
	close(res)
}
