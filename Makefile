# executioner: build, test and check.
#
#   make demo     the main job on its embedded default
#   make test     the test suite (CI=true makes missing peers a failure)
#   make verify   gofmt, go vet, staticcheck, import rules
#   make bench    benchmarks, each compared with its Pacemaker/fence-agents/crmsh peer
#   make install  PREFIX=/usr DESTDIR=...

GO      ?= go
PREFIX  ?= /usr
DESTDIR ?=
BIN     := bin
SHARED  ?= ../shared
# Agent links created next to the multi-call agent binary.
AGENTS  := dummy dummy_no_reboot dummy_no_on dummy_auto_unfence null ipmi apcsmart meatware sbd suicide ssh redfish kdump

.PHONY: all build test verify imports bench demo install peers extra-peers clean check

all: build

build:
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/executioner ./cmd/executioner
	$(GO) build -o $(BIN)/fence_exec ./cmd/fence_exec
	@for a in $(AGENTS); do ln -sf fence_exec $(BIN)/fence_exec_$$a; done

test: build
	$(GO) test -race -count=1 -timeout 30m ./...

verify: imports
	@out=$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

# The package boundaries of ARCHITECTURE.md: what each layer may import
# besides the standard library.
MOD := github.com/executioner-ha/executioner
imports:
	@$(GO) list -f '{{.ImportPath}} {{join .Imports " "}}' ./... | awk -v mod=$(MOD) ' \
	function allowed(pkg, imp) { \
		if (imp !~ /^[^\/]*\./) return 1; \
		if (index(imp, mod "/") != 1 && pkg ~ "^" mod "/cmd(/|$$)") return 1; \
		if (pkg ~ "^" mod "/internal/(peertest|boundedread)$$") return imp == "golang.org/x/sys/unix"; \
		if (imp == mod "/internal/peertest") return pkg ~ /test$$/; \
		if (pkg ~ "^" mod "/internal/cibstore$$") return imp ~ "^(" mod "/(cib|internal/boundedread)$$|golang.org/x/sys/)"; \
		if (pkg ~ "^" mod "/cib/crmsh(/|$$)") return imp ~ "^" mod "/cib(/crmsh.*)?$$"; \
		if (pkg ~ "^" mod "/cib(/|$$)") return imp ~ "^(github.com/beevik/etree$$|" mod "/cib(/|$$))"; \
		if (pkg ~ "^" mod "/pengine(/|$$)") return imp ~ "^" mod "/(cib|pengine)(/|$$)"; \
		if (pkg ~ "^" mod "/ocf(/|$$)") return imp ~ "^(github.com/beevik/etree$$|" mod "/ocf(/|$$))"; \
		if (pkg ~ "^" mod "/agents(/|$$)") return imp ~ "^(" mod "/(ocf|agents)(/|$$)|github.com/bougou/go-ipmi|go.bug.st/serial|github.com/godbus/dbus|golang.org/x/(crypto|sys)/)"; \
		if (pkg ~ "^" mod "/lrm(/|$$)") return imp ~ "^(" mod "/(ocf|agents|cib|pengine|lrm|internal/cibstore|internal/boundedread)(/|$$)|github.com/godbus/dbus|golang.org/x/sys/)"; \
		if (pkg ~ "^" mod "/cmd(/|$$)") return 1; \
		return 0; \
	} \
	{ for (i = 2; i <= NF; i++) if (!allowed($$1, $$i)) { print "import rule: " $$1 " may not import " $$i; bad = 1 } } \
	END { exit bad }'

check: verify test

bench: build
	SHARED=$(abspath $(SHARED)) $(GO) test -run '^$$' -bench . -benchtime 3x -timeout 90m ./... | grep -E '^(Benchmark|ok|ratio|goal|---)' || true

demo: build
	$(BIN)/executioner demo

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/sbin
	install -m 0755 $(BIN)/executioner $(DESTDIR)$(PREFIX)/bin/executioner
	install -m 0755 $(BIN)/fence_exec $(DESTDIR)$(PREFIX)/sbin/fence_exec
	@for a in $(AGENTS); do ln -sf fence_exec $(DESTDIR)$(PREFIX)/sbin/fence_exec_$$a; done

peers: extra-peers
	@if [ -x $(SHARED)/peers/install ]; then $(SHARED)/peers/install; else echo "peers: $(SHARED)/peers/install not found; skipping"; fi

# Debian packages the tests use beyond the shared peers (real OCF resource agents).
EXTRA_PEERS := resource-agents
extra-peers:
	@missing=""; for p in $(EXTRA_PEERS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then echo "extra-peers: need root to install:$$missing" >&2; exit 1; fi; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing >/dev/null 2>&1 || \
		{ apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing >/dev/null; }; \
	fi

clean:
	rm -rf $(BIN)
