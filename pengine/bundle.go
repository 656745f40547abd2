package pengine

import (
	"net/netip"
	"strconv"

	"github.com/executioner-ha/executioner/cib"
)

// maxReplicas bounds the replicas of one bundle, so that a hostile CIB
// cannot make the engine build millions of resources.
const maxReplicas = 4096

// expandBundle creates a bundle's implicit resources, as Pacemaker does:
// for replica i a container <bundle>-<runtime>-<i>, an address
// <bundle>-ip-<addr> when ip-range-start is set, and, when the bundle
// wraps a primitive and has a usable network, a guest node <bundle>-<i>
// whose connection runs the primitive's instance.
func (s *scheduler) expandBundle(b *rsc, cr *cib.Resource) {
	cfg := cr.Bundle
	promotedMax, _ := strconv.Atoi(cfg.PromotedMax)
	replicas := 1
	if cfg.Replicas == "" && promotedMax > 0 {
		replicas = promotedMax
	} else if n, err := strconv.Atoi(cfg.Replicas); err == nil && n > 1 {
		replicas = n
	}
	if replicas > maxReplicas {
		replicas = maxReplicas
	}
	b.perHost, _ = strconv.Atoi(cfg.ReplicasPerHost)
	var child *rsc
	for _, c := range cr.Children {
		if c.Kind == cib.KindPrimitive && child == nil {
			child = s.addResource(c, b)
		}
	}
	runtime := cfg.Runtime
	if runtime == "" {
		runtime = "docker"
	}
	addr, addrErr := netip.ParseAddr(cfg.IPRangeStart)
	network := cfg.IPRangeStart != "" || cfg.ControlPort != ""
	var childUtil map[string]string
	if child != nil {
		childUtil, child.utilization = child.utilization, nil
	}
	for i := 0; i < replicas; i++ {
		ctr := s.implicit(b, b.id+"-"+runtime+"-"+strconv.Itoa(i), "ocf", "heartbeat", runtime)
		if child != nil {
			// The inner primitive's utilization is its containers'.
			ctr.utilization = childUtil
		}
		if cfg.IPRangeStart != "" && addrErr == nil {
			s.implicit(b, b.id+"-ip-"+addr.String(), "ocf", "heartbeat", "IPaddr2")
			addr = addr.Next()
		}
		if child == nil || !network {
			continue
		}
		name := b.id + "-" + strconv.Itoa(i)
		conn := s.implicit(b, name, "ocf", "pacemaker", "remote")
		conn.container = ctr
		conn.remoteNode = name
		s.ensureNode(name, kindGuest, conn)
	}
}

// implicit adds one of a bundle's generated primitives.
func (s *scheduler) implicit(b *rsc, id, class, provider, typ string) *rsc {
	r := &rsc{id: id, kind: cib.KindPrimitive, parent: b, class: class, provider: provider, typ: typ,
		meta: map[string]string{}, implicit: true}
	s.inheritMeta(r)
	s.all = append(s.all, r)
	b.children = append(b.children, r)
	if _, ok := s.rscByID[id]; !ok {
		s.rscByID[id] = r
	}
	return r
}
