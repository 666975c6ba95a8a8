# Makefile — builds ./dsaudit, the data generator and the tests.
#   make           build ./dsaudit
#   make check     unit + CLI tests, then again under ASan/UBSan
#   make demo      build and run the main job on a bundled fixture
#   make bench     time load and audit at 1M and 10M rows against the sqlite3 shell's .import
#                  (BENCH_ROWS=1000000 for 1M only; the 10M file lives in a temporary directory)
#   make install   PREFIX=/usr/local DESTDIR= ; make clean
# Quiet unless V=1.

PREFIX ?= /usr/local
DESTDIR ?=
BUILD := build
PKGS := gsl sqlite3 libcjson xlsxwriter cairo libpng libpq libcurl

V ?= 0
ifeq ($(V),0)
Q := @
say = @printf '  %-6s %s\n' $(1) $(2);
else
Q :=
say :=
endif

# Recursive (=) so pkg-config runs only after the dependency check below.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS))
WARN := -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L
CFLAGS ?= -O2 -g
ALL_CFLAGS = $(WARN) $(CFLAGS) -Isrc -Imetrics -Ireports $(PKG_CFLAGS)
SAN_CFLAGS = $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined -Isrc -Imetrics -Ireports $(PKG_CFLAGS)
LIBS = $(PKG_LIBS) -lm -pthread

LIB_SRC := $(filter-out src/main.c src/gen.c,$(wildcard src/*.c metrics/*.c reports/*.c))
TEST_SRC := $(wildcard tests/*.c)
HEADERS := $(wildcard src/*.h metrics/*.h reports/*.h tests/*.h)

obj = $(patsubst %.c,$(BUILD)/$(1)/%.o,$(2))

all: dsaudit

# Installs missing Debian packages as root, or names them in one line.
$(BUILD)/.deps: src/deps.sh
	$(Q)sh src/deps.sh
	$(Q)mkdir -p $(BUILD) && touch $@

$(BUILD)/rel/%.o: %.c $(HEADERS) | $(BUILD)/.deps
	$(call say,CC,$<)
	$(Q)mkdir -p $(dir $@) && $(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/san/%.o: %.c $(HEADERS) | $(BUILD)/.deps
	$(call say,CC-SAN,$<)
	$(Q)mkdir -p $(dir $@) && $(CC) $(SAN_CFLAGS) -c $< -o $@

dsaudit: $(call obj,rel,src/main.c $(LIB_SRC))
	$(call say,LD,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/dsaudit-gen: $(call obj,rel,src/gen.c src/util.c)
	$(call say,LD,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/unit: $(call obj,rel,$(TEST_SRC) $(LIB_SRC))
	$(call say,LD,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/san/dsaudit: $(call obj,san,src/main.c $(LIB_SRC))
	$(call say,LD,$@)
	$(Q)$(CC) -fsanitize=address,undefined -o $@ $^ $(LIBS)

$(BUILD)/san/unit: $(call obj,san,$(TEST_SRC) $(LIB_SRC))
	$(call say,LD,$@)
	$(Q)$(CC) -fsanitize=address,undefined -o $@ $^ $(LIBS)

check: dsaudit $(BUILD)/unit $(BUILD)/dsaudit-gen $(BUILD)/san/dsaudit $(BUILD)/san/unit $(BUILD)/pngstat
	$(Q)sh tests/run $(BUILD)

demo: dsaudit
	$(Q)sh tests/demo.sh

$(BUILD)/peak: tests/bench/peak.c | $(BUILD)/.deps
	$(call say,CC,$<)
	$(Q)$(CC) $(WARN) $(CFLAGS) -o $@ $<

# Reads a screenshot's size and colours for tests/html.test.
$(BUILD)/pngstat: tests/shot/pngstat.c | $(BUILD)/.deps
	$(call say,CC,$<)
	$(Q)$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

bench: dsaudit $(BUILD)/dsaudit-gen $(BUILD)/peak
	$(Q)sh tests/bench.sh $(BUILD)

install: dsaudit
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 dsaudit $(DESTDIR)$(PREFIX)/bin/dsaudit
	install -m 644 man/dsaudit.1 $(DESTDIR)$(PREFIX)/share/man/man1/dsaudit.1

clean:
	rm -rf $(BUILD) dsaudit dsaudit-out

.PHONY: all check demo bench install clean
