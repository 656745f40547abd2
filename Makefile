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
MANDIR  ?= $(PREFIX)/share/man/man1
# The one version string of the CLI and the agents (agents.Version).
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null)
# Static, stripped binaries: no dynamic loader at start-up (the agents are
# started for every fencing operation); internal/peertest.GoBuild builds the
# test binaries the same way.
LDFLAGS := -s -w -X github.com/executioner-ha/executioner/agents.buildVersion=$(VERSION)
BUILD   := CGO_ENABLED=0 $(GO) build -trimpath -ldflags='$(LDFLAGS)'
# The CLI links corosync's libraries (the daemon's membership, lrm/membership)
# where their headers are installed, and is built without corosync support
# otherwise; the agents never link them.
COROSYNC := $(and $(wildcard /usr/include/corosync/cpg.h),$(wildcard /usr/include/corosync/votequorum.h))
CLI_BUILD := $(if $(COROSYNC),CGO_ENABLED=1 $(GO) build -trimpath -ldflags='$(LDFLAGS)',$(BUILD))
# Packages built with corosync support where its headers are, without it
# (the nocorosync tag) elsewhere.
TAGS := $(if $(COROSYNC),,-tags nocorosync)
# The CLI's manual page writer is in the build with the tag manpages only
# (install builds it; verify checks it).
MANTAGS := -tags $(if $(COROSYNC),,nocorosync,)manpages

.PHONY: all build test verify imports bench demo install peers clean check

all: build

build:
	@mkdir -p $(BIN)
	$(CLI_BUILD) -o $(BIN)/executioner ./cmd/executioner
	$(BUILD) -tags agentfront -o $(BIN)/fence_exec ./cmd/fence_exec
	$(BUILD) -o $(BIN)/executioner-agent ./cmd/fence_exec
	@rm -f $(foreach d,$(OWN_AGENTS),$(BIN)/fence_exec_$(d))
	@for d in $(OWN_AGENTS); do \
		echo "$(BUILD) -tags agentfront,agent_$$d -o $(BIN)/fence_exec_$$d ./cmd/fence_exec"; \
		$(BUILD) -tags agentfront,agent_$$d -o $(BIN)/fence_exec_$$d ./cmd/fence_exec || exit 1; \
		echo "$(BUILD) -tags agent_$$d -o $(BIN)/executioner-agent-$$d ./cmd/fence_exec"; \
		$(BUILD) -tags agent_$$d -o $(BIN)/executioner-agent-$$d ./cmd/fence_exec || exit 1; \
	done
	@for a in $$($(BIN)/fence_exec); do $(call OWN,$$a) ln -sf fence_exec $(BIN)/$$a; done

# The agents built as binaries of their own (the tag agent_DEVICE of
# cmd/fence_exec): fence_exec_DEVICE is then its own front end, with its
# worker executioner-agent-DEVICE, and no link to the multi-call binary.
OWN_AGENTS := ipmi
# $(call OWN,NAME) skips the shell loop's NAME when it has its own binary.
OWN = case " $(OWN_AGENTS:%=fence_exec_%) " in *" $(1) "*) continue;; esac;

# The real-cluster suite runs alone after the rest, so no other test loads
# the machine while corosync and Pacemaker keep time.
CLUSTER_TESTS := ./cmd/clustertest

# go test -json through internal/testprogress: package results, the tests
# that took a while, failures in full, and every 30 s what is still
# running. The status of go test itself is kept (a build failure fails).
TESTRUN = { $(GO) test $(TAGS) -json -race -count=1 -timeout 30m $(1) 2>&1; echo $$? > $(BIN)/.test-status; } | \
	$(GO) run ./internal/testprogress && exit $$(cat $(BIN)/.test-status)

test: build
	@$(call TESTRUN,$$($(GO) list ./... | grep -v '/cmd/clustertest$$'))
	@$(call TESTRUN,$(CLUSTER_TESTS))

verify: imports
	@out=$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(TAGS) ./...
	$(GO) vet -tags nocorosync ./lrm/membership
	$(GO) build -tags agentfront -o /dev/null ./cmd/fence_exec
	@for d in $(OWN_AGENTS); do for t in agent_$$d agentfront,agent_$$d; do \
		echo "$(GO) vet -tags $$t ./cmd/fence_exec"; $(GO) vet -tags $$t ./cmd/fence_exec || exit 1; done; done
	$(GO) vet $(MANTAGS) ./cmd/executioner
	$(GO) tool staticcheck $(TAGS) ./...
	$(GO) tool staticcheck $(MANTAGS) ./cmd/executioner

# The package boundaries of ARCHITECTURE.md: what each layer may import
# besides the standard library, and (internal/purity) that cib, pengine and
# ocf use none of the standard library's I/O, logging, goroutines, locks,
# clock or randomness.
MOD := github.com/executioner-ha/executioner
imports:
	@$(GO) list -f '{{.ImportPath}} {{join .Imports " "}}' ./... | awk -v mod=$(MOD) ' \
	function allowed(pkg, imp) { \
		if (imp !~ /^[^\/]*\./) return 1; \
		if (index(imp, mod "/") != 1 && pkg ~ "^" mod "/cmd(/|$$)") return 1; \
		if (pkg ~ "^" mod "/internal/(peertest|boundedread)$$") return imp == "golang.org/x/sys/unix"; \
		if (imp == mod "/internal/peertest") return pkg ~ /test$$/; \
		if (pkg ~ "^" mod "/internal/cibstore$$") return imp ~ "^(" mod "/(cib|internal/boundedread|internal/atomicfile)$$|golang.org/x/sys/)"; \
		if (pkg ~ "^" mod "/cib/crmsh(/|$$)") return imp ~ "^" mod "/cib(/crmsh.*)?$$"; \
		if (pkg ~ "^" mod "/cib(/|$$)") return imp ~ "^(github.com/beevik/etree$$|" mod "/cib(/|$$))"; \
		if (pkg ~ "^" mod "/pengine(/|$$)") return imp ~ "^" mod "/(cib|pengine)(/|$$)"; \
		if (pkg ~ "^" mod "/ocf(/|$$)") return imp ~ "^(github.com/beevik/etree$$|" mod "/ocf(/|$$))"; \
		if (pkg ~ "^" mod "/agents(/|$$)") return imp ~ "^(" mod "/(ocf|agents)(/|$$)|github.com/bougou/go-ipmi|github.com/gosnmp/gosnmp|go.bug.st/serial|github.com/godbus/dbus|golang.org/x/(crypto|sys)/)"; \
		if (pkg ~ "^" mod "/lrm(/|$$)") return imp ~ "^(" mod "/(ocf|agents|cib|pengine|lrm|internal/cibstore|internal/boundedread|internal/atomicfile)(/|$$)|github.com/godbus/dbus|golang.org/x/sys/)"; \
		if (pkg ~ "^" mod "/cmd(/|$$)") return 1; \
		return 0; \
	} \
	{ for (i = 2; i <= NF; i++) if (!allowed($$1, $$i)) { print "import rule: " $$1 " may not import " $$i; bad = 1 } } \
	END { exit bad }'
	@if $(GO) list -deps ./cmd/fence_exec | grep -q '^$(MOD)/lrm/membership$$'; then \
		echo "import rule: cmd/fence_exec may not depend on lrm/membership (the agents link no corosync)"; exit 1; fi
	@$(GO) test -count=1 ./internal/purity/ >/dev/null || $(GO) test -count=1 ./internal/purity/

check: verify test

# A failing benchmark (or one that does not build) fails make bench.
bench: build
	@{ SHARED=$(abspath $(SHARED)) $(GO) test -p 1 -run '^$$' -bench . -benchtime 3x -timeout 90m ./... 2>&1; echo $$? > $(BIN)/.bench-status; } | \
		grep -E --line-buffered '^(Benchmark|ok|ratio|goal|---|FAIL|panic:|#)|_test\.go:[0-9]+:' ; exit $$(cat $(BIN)/.bench-status)

demo: build
	$(BIN)/executioner demo

# Besides the binaries: the manual pages (man executioner-configure, ...),
# written by the CLI built with the tag manpages (see cmd/executioner/man.go),
# and bash, zsh and fish completion, where those shells look for them.
BASHCOMP := $(PREFIX)/share/bash-completion/completions
ZSHCOMP  := $(PREFIX)/share/zsh/vendor-completions
FISHCOMP := $(PREFIX)/share/fish/vendor_completions.d
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/lib/executioner $(DESTDIR)$(MANDIR) \
		$(DESTDIR)$(BASHCOMP) $(DESTDIR)$(ZSHCOMP) $(DESTDIR)$(FISHCOMP)
	install -m 0755 $(BIN)/executioner $(DESTDIR)$(PREFIX)/bin/executioner
	install -m 0755 $(BIN)/fence_exec $(DESTDIR)$(PREFIX)/sbin/fence_exec
	install -m 0755 $(BIN)/executioner-agent $(DESTDIR)$(PREFIX)/lib/executioner/executioner-agent
	@for d in $(OWN_AGENTS); do \
		rm -f $(DESTDIR)$(PREFIX)/sbin/fence_exec_$$d; \
		install -m 0755 $(BIN)/fence_exec_$$d $(DESTDIR)$(PREFIX)/sbin/fence_exec_$$d || exit 1; \
		install -m 0755 $(BIN)/executioner-agent-$$d $(DESTDIR)$(PREFIX)/lib/executioner/executioner-agent-$$d || exit 1; \
	done
	@for a in $$($(BIN)/fence_exec); do $(call OWN,$$a) ln -sf fence_exec $(DESTDIR)$(PREFIX)/sbin/$$a; done
	$(BUILD) -tags manpages -o $(BIN)/executioner-man ./cmd/executioner
	$(BIN)/executioner-man man $(DESTDIR)$(MANDIR); s=$$?; rm -f $(BIN)/executioner-man; exit $$s
	$(BIN)/executioner completion bash > $(DESTDIR)$(BASHCOMP)/executioner
	$(BIN)/executioner completion zsh > $(DESTDIR)$(ZSHCOMP)/_executioner
	$(BIN)/executioner completion fish > $(DESTDIR)$(FISHCOMP)/executioner.fish

peers: extra-peers
	@if [ -x $(SHARED)/peers/install ]; then $(SHARED)/peers/install; else echo "peers: $(SHARED)/peers/install not found; skipping"; fi

# Debian packages the tests use beyond the shared peers (ping, for the storage
# network of the real-cluster fabric fencing scenario; corosync's CPG and vote
# quorum libraries with their headers and a C compiler, for the daemon's
# membership).
EXTRA_PEERS := iputils-ping corosync libcorosync-common-dev libcpg-dev libvotequorum-dev gcc libc6-dev
extra-peers:
	@missing=""; for p in $(EXTRA_PEERS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then echo "extra-peers: need root to install:$$missing" >&2; exit 1; fi; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing >/dev/null 2>&1 || \
		{ apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing >/dev/null; }; \
	fi

clean:
	rm -rf $(BIN)
