# intake — build, test, install.  GNU make.
#
#   make            build build/intake
#   make test       install missing packages, build, run every test tier:
#                   plain, then under ASan+UBSan (what CI runs)
#   make check      the plain tier only (quick, while working)
#   make asan       the ASan+UBSan tier only
#   make fuzz       libFuzzer targets (clang), FUZZ_SECONDS each (300)
#   make run        build and run the daemon on its bundled default
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/intake
MANDIR    ?= $(PREFIX)/share/man
UNITDIR   ?= $(PREFIX)/lib/systemd/system
BUILD     ?= build

PKGS      := libarchive libmagic libconfig sqlite3 jansson gnutls libseccomp \
             tesseract lept libmicrohttpd libsodium libheif
# Debian ships MuPDF as a static library only: its own dependencies come
# from --static (and HarfBuzz, which its .pc omits but its text shaping
# needs).  MuPDF gives PDF text and pages to the reader (parsers/pdf.c) and
# the console's previews (parsers/render.c).
MUPDF_LIBS = $(shell pkg-config --static --libs mupdf harfbuzz 2>/dev/null)
# libetpan's .pc carries Debian's no-pie link specs; its libs are named by
# hand so the binary stays PIE (doc/libraries.md).
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) mupdf libetpan 2>/dev/null)
# libgomp: Tesseract's OpenMP, kept to one thread by parsers/ocr.c.
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(MUPDF_LIBS) -letpan -lgomp -lm

CC        ?= cc
CFLAGS    ?= -O2 -g
# Flags the build cannot do without live apart from CFLAGS, so that
# `make CFLAGS=...` never drops the warnings or the include paths.
SAN       ?=
XCFLAGS   := -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L \
             -D_DEFAULT_SOURCE -Ilib -Idaemon -Iparsers -Ispool \
             -DINTAKE_SRCDIR='"$(CURDIR)"' -DINTAKE_DATADIR='"$(DATADIR)"'
XCFLAGS   += $(SAN)
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined

LIB_SRC   := $(filter-out daemon/main.c,$(wildcard lib/*.c daemon/*.c parsers/*.c spool/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test check units asan run install clean valgrind fuzz \
        fuzz-build fuzz-bin bench
all: $(BUILD)/intake

# Installs what is missing (apt); quick when everything is there.
deps:
	@sh contrib/install-deps.sh

$(BUILD)/%.o: %.c $(wildcard lib/*.h daemon/*.h parsers/*.h spool/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(XCFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# cfg.o has DATADIR and the tree's path compiled in: rebuilt when either
# changes (`make install PREFIX=/usr` after a plain `make`).
$(BUILD)/paths.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(DATADIR) $(CURDIR)' | cmp -s - $@ || echo '$(DATADIR) $(CURDIR)' >$@
$(BUILD)/daemon/cfg.o: $(BUILD)/paths.stamp
FORCE:

$(BUILD)/libintake.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/intake: $(BUILD)/daemon/main.o $(BUILD)/libintake.a
	$(CC) $(CFLAGS) $(XCFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/libintake.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(XCFLAGS) $(LDFLAGS) $(PKG_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libintake.a $(PKG_LIBS)

# The runner prints "N passed, M failed" last and fails on any failure.
test: deps
	$(MAKE) check
	$(MAKE) asan
	$(MAKE) fuzz FUZZ_SECONDS=30

check: deps
	$(MAKE) all units
	INTAKE=$(CURDIR)/$(BUILD)/intake UNIT_DIR=$(CURDIR)/$(BUILD)/tests sh tests/run.sh

units: $(UNIT_BIN)

# allocator_may_return_null: an allocation over the reader's memory
# ceiling (RLIMIT_AS, daemon/worker.c) fails as it does with libc, rather
# than ending the reader as an ASan error.
asan: deps
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g" SAN="$(SAN_FLAGS)" all units
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	INTAKE=$(CURDIR)/build-asan/intake UNIT_DIR=$(CURDIR)/build-asan/tests sh tests/run.sh

valgrind: all units
	VALGRIND=1 INTAKE=$(CURDIR)/$(BUILD)/intake UNIT_DIR=$(CURDIR)/$(BUILD)/tests sh tests/run.sh

# Figures beside their targets, never a failure on a number (README,
# Performance).  BENCH_QUICK=1 for a one-minute smoke run.
# recog-cpu (CPU seconds per image of the recognition module) is built
# here; when it cannot be, run.sh says so and measures the rest.
bench: all
	-$(MAKE) $(BUILD)/bench/recog-cpu
	RECOG_CPU=$(CURDIR)/$(BUILD)/bench/recog-cpu sh tests/bench/run.sh $(CURDIR)/$(BUILD)/intake

$(BUILD)/bench/recog-cpu: tests/bench/recog_cpu.c $(BUILD)/libintake.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(XCFLAGS) $(LDFLAGS) $(PKG_CFLAGS) -o $@ $< $(BUILD)/libintake.a $(PKG_LIBS)

# Fuzzing: the library built by clang into build-fuzz/ with the fuzzer's
# instrumentation (fuzzer-no-link: libFuzzer's main only in the targets).
FUZZ_SECONDS ?= 300
FUZZ_SAN  := $(SAN_FLAGS) -fsanitize=fuzzer-no-link
FUZZ_BIN  := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

fuzz-build:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="-O1 -g" SAN="$(FUZZ_SAN)" fuzz-bin

fuzz-bin: $(FUZZ_BIN)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h $(BUILD)/libintake.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(XCFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) \
	    -DFUZZ_SCHEMAS='"$(CURDIR)/schemas"' -o $@ $< $(BUILD)/libintake.a $(PKG_LIBS)

fuzz: deps
	$(MAKE) fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

run: deps
	$(MAKE) all
	sh contrib/run-default.sh $(CURDIR)/$(BUILD)/intake

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/schemas \
	    $(DESTDIR)$(UNITDIR) $(DESTDIR)$(PREFIX)/lib/sysusers.d \
	    $(DESTDIR)$(PREFIX)/lib/tmpfiles.d
	install -m 0755 $(BUILD)/intake $(DESTDIR)$(BINDIR)/intake
	cp -R schemas/. $(DESTDIR)$(DATADIR)/schemas/
	sed 's|/usr/local/share/intake|$(DATADIR)|g' contrib/intake.conf \
	    >$(DESTDIR)$(DATADIR)/intake.conf.sample
	for u in intake.service intake-report.service intake-report.timer \
	    intake@.service intake-purge.service intake-purge.timer \
	    intake-purge@.service intake-purge@.timer intake-web.service \
	    intake-web@.service; do \
	    sed 's|/usr/local/bin/intake|$(BINDIR)/intake|g' contrib/$$u \
	        >$(DESTDIR)$(UNITDIR)/$$u; done
	install -m 0644 contrib/nginx-intake-web.conf \
	    $(DESTDIR)$(DATADIR)/nginx-intake-web.conf.sample
	install -m 0644 contrib/intake.sysusers $(DESTDIR)$(PREFIX)/lib/sysusers.d/intake.conf
	install -m 0644 contrib/intake.tmpfiles $(DESTDIR)$(PREFIX)/lib/tmpfiles.d/intake.conf
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	# FILES in the pages name the paths of this installation.
	for m in 1/intake.1 5/intake.conf.5; do \
	    sed 's|/usr/local/share/intake|$(DATADIR)|g' doc/$${m#*/} \
	        >$(DESTDIR)$(MANDIR)/man$$m; \
	    chmod 0644 $(DESTDIR)$(MANDIR)/man$$m; done

clean:
	rm -rf build build-asan build-fuzz
