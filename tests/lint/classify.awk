# Sorts a kbuild log (make -C KBUILD M=COPY ...) into what concerns our
# sources and what does not, so tests/lint/run can fail on the first and
# explain the second.  Every line is accounted for: kbuild progress lines
# are expected, everything else is a diagnostic that belongs to our files,
# to a known and explained cause (the NOISE table), or to nothing we know
# (unexplained, which the caller treats as a failure).
#
# Variables (awk -v):
#   copy    absolute path of the directory that was built (M=)
#   orig    the source directory copy was made from (tells our .c files
#           from generated ones such as rtkm.mod.c)
#   disp    how to show that directory in reports (e.g. "src")
#   noise   file of explained outside-our-files messages, see tests/lint/noise
#
# Output, one record per line, tag first:
#   O <text>          line of a diagnostic block about our files ("O --"
#                     separates blocks); paths rewritten to start with disp
#   N<k> <text>       line of a block outside our files; k = noise entry,
#                     0 = unexplained
#   X<k> <text>       explanation of noise entry k (once per entry seen)
#   F <text>          make's own failure lines (make: *** ...)
#   K <file.c>        one of our .c files was compiled
#   C <file.c>        sparse (CHECK) ran on one of our .c files
#   S <ours> <explained> <unexplained>   block counts, last line
#
# Paths: kernels up to 6.12 print our files as absolute paths under copy;
# from 6.13 kbuild runs in the M= directory and prints them relative to it.

function exists(p,    l, r) {
	if (p in seen_file)
		return seen_file[p]
	r = (getline l < p) >= 0
	close(p)
	return seen_file[p] = r
}

# Path of ours, relative to copy, or "" if the path is not ours.
function our_rel(p) {
	while (sub(/^\.\//, "", p))
		;
	while (gsub(/\/\.\//, "/", p))
		;
	if (index(p, copy "/") == 1)
		return substr(p, length(copy) + 2)
	if (p !~ /^\// && p !~ /^\.\./ && exists(copy "/" p))
		return p
	return ""
}

# Rewrites every "path:line" token that names one of our files.
function show(l,    out, tok, p, r, n, i, parts) {
	n = split(l, parts, " ")
	out = l
	for (i = 1; i <= n; i++) {
		tok = parts[i]
		if (!match(tok, /^[^:]+:[0-9]/))
			continue
		p = tok
		sub(/:.*/, "", p)
		r = our_rel(p)
		if (r != "" && p != disp "/" r)
			out = replace_once(out, p ":", disp "/" r ":")
	}
	return out
}

function replace_once(s, from, to,    i) {
	i = index(s, from)
	if (i == 0)
		return s
	return substr(s, 1, i - 1) to substr(s, i + length(from))
}

# Location path at the start of a diagnostic line ("path:12:3: ..." or
# "path: warning: ..."), or "".
function loc_path(l,    p) {
	p = l
	if (!sub(/:.*/, "", p))
		return ""
	return p
}

function flush(    i, k, j) {
	if (nblk == 0)
		return
	if (blk_ours) {
		if (n_ours++)
			print "O --"
		for (i = 1; i <= nblk; i++)
			print "O " show(blk[i])
	} else {
		k = 0
		for (j = 1; j <= npat && !k; j++)
			for (i = 1; i <= nblk; i++)
				if (blk[i] ~ pat[j]) {
					k = j
					break
				}
		if (k) {
			n_expl++
			used[k] = 1
		} else {
			n_unexpl++
		}
		for (i = 1; i <= nblk; i++)
			print "N" k " " blk[i]
	}
	nblk = 0
	blk_ours = 0
}

function add(l) {
	blk[++nblk] = l
}

BEGIN {
	if (noise != "") {
		while ((getline l < noise) > 0) {
			if (l ~ /^#/ || l ~ /^[ \t]*$/)
				continue
			# pattern TAB explanation
			t = index(l, "\t")
			if (!t)
				continue
			pat[++npat] = substr(l, 1, t - 1)
			expl[npat] = substr(l, t + 1)
			sub(/^\t+/, "", expl[npat])
		}
		close(noise)
	}
	nctx = 0
}

# kbuild progress: "  CC [M]  x.o", "  CHECK   x.c", "  LD [M]  x.ko"
/^  [A-Z][A-Z0-9_]*( \[[A-Z]\])? +[^ ]/ {
	flush()
	tag = $1
	f = $NF
	r = our_rel(f)
	if (tag == "CHECK" && r != "")
		print "C " r
	if (tag == "CC" && r ~ /\.o$/) {
		sub(/\.o$/, ".c", r)
		if (exists(orig "/" r))
			print "K " r
	}
	nctx = 0
	next
}

/^make(\[[0-9]+\])?: (Entering|Leaving) directory/ {
	flush()
	nctx = 0
	next
}

/^make(\[[0-9]+\])?: \*\*\*/ {
	flush()
	print "F " show($0)
	next
}

# Context printed before a diagnostic: include chain, enclosing function.
# Sparse names the file it was checking ("x.c: note: in included file
# (through a.h, b.h):") before messages about a header that file
# included: context for those, not a note about the .c file itself.
/^In file included from / || /^ +from [^ ]+:[0-9]+[:,]$/ ||
/^[^ ][^:]*: (In|At) / || /^[^ ][^:]*: note: in included file/ {
	flush()
	ctx[++nctx] = $0
	next
}

# Primary diagnostic (gcc, sparse, objtool, cc1), starts a block.
/^[^ ][^:]*(:[0-9]+)*: (warning|error|fatal error|sparse|internal compiler error):/ {
	flush()
	for (i = 1; i <= nctx; i++)
		add(ctx[i])
	nctx = 0
	add($0)
	if (our_rel(loc_path($0)) != "")
		blk_ours = 1
	next
}

# Notes belong to the current block; one in our files (typically "in
# expansion of macro" at our call site) makes the whole block ours.
/^[^ ][^:]*(:[0-9]+)*: note:/ {
	if (nblk == 0) {
		for (i = 1; i <= nctx; i++)
			add(ctx[i])
		nctx = 0
	}
	add($0)
	if (our_rel(loc_path($0)) != "")
		blk_ours = 1
	next
}

# Source excerpts, carets, sparse's "   expected/got" lines.
/^[ \t]/ && nblk > 0 {
	add($0)
	next
}

# modpost speaks about the module we built, so it is ours.
/^(WARNING|ERROR): modpost: / {
	flush()
	add($0)
	blk_ours = 1
	flush()
	next
}

{
	flush()
	for (i = 1; i <= nctx; i++)
		add(ctx[i])
	nctx = 0
	add($0)
	flush()
}

END {
	flush()
	for (k = 1; k <= npat; k++)
		if (used[k])
			print "X" k " " expl[k]
	printf "S %d %d %d\n", n_ours, n_expl, n_unexpl
}
