import os
OUT=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cases')

def nv(prefix, d):
    return ''.join('<nvpair id="%s-%s" name="%s" value="%s"/>' % (prefix, k.replace('#','h'), k, v) for k, v in d.items())

def op(rid, task, rc, call, interval=0, target=None, status=0, node='node1', key=None):
    if target is None:
        target = {'monitor': 7 if interval == 0 else 0}.get(task, 0)
    k = key or ('%s_last_0' % rid if interval == 0 else '%s_%s_%d' % (rid, task, interval))
    return ('<lrm_rsc_op id="%s" operation_key="%s_%s_%d" operation="%s" transition-key="1:1:%d:00000000-0000-0000-0000-000000000000" '
            'transition-magic="%d:%d;1:1:%d:00000000-0000-0000-0000-000000000000" call-id="%d" rc-code="%d" op-status="%d" interval="%d" on_node="%s"/>'
            % (k, rid, task, interval, task, target, status, rc, target, call, rc, status, interval, node))

def lrm(node, entries):
    # entries: list of (rid, cls, typ, provider, [ops xml])
    s = '<lrm id="%s"><lrm_resources>' % node
    for rid, cls, typ, prov, ops in entries:
        p = ' provider="%s"' % prov if prov else ''
        s += '<lrm_resource id="%s" class="%s" type="%s"%s>%s</lrm_resource>' % (rid, cls, typ, p, ''.join(ops))
    return s + '</lrm_resources></lrm>'

def started(rid, node, call=10, cls='ocf', typ='Dummy', prov='heartbeat'):
    return (rid, cls, typ, prov, [op(rid, 'start', 0, call, node=node)])

def state(nid, uname, in_ccm='true', crmd='online', join='member', expected='member', attrs=None, lrm_xml=''):
    a = []
    for k, v in (('in_ccm', in_ccm), ('crmd', crmd), ('join', join), ('expected', expected)):
        if v is not None:
            a.append('%s="%s"' % (k, v))
    ta = ''
    if attrs:
        ta = '<transient_attributes id="%s"><instance_attributes id="status-%s">%s</instance_attributes></transient_attributes>' % (nid, nid, nv('status-'+nid, attrs))
    return '<node_state id="%s" uname="%s" %s>%s%s</node_state>' % (nid, uname, ' '.join(a), ta, lrm_xml)

def cib(props=None, nodes=3, names=None, resources=None, constraints='', states=None, quorum='1', dc='1',
        rsc_defaults=None, op_defaults=None, root_extra='', tickets=''):
    names = names or ['node%d' % i for i in range(1, nodes + 1)]
    p = {'stonith-enabled': 'true'}
    p.update(props or {})
    p = {k: v for k, v in p.items() if v is not None}
    props_xml = '<cluster_property_set id="cib-bootstrap-options">%s</cluster_property_set>' % nv('opt', p)
    nodes_xml = ''.join('<node id="%d" uname="%s"/>' % (i + 1, n) for i, n in enumerate(names))
    if resources is None:
        resources = DEV + DUMMY
    rd = '<rsc_defaults><meta_attributes id="rsc-options">%s</meta_attributes></rsc_defaults>' % nv('rd', rsc_defaults) if rsc_defaults else ''
    od = '<op_defaults><meta_attributes id="op-options">%s</meta_attributes></op_defaults>' % nv('od', op_defaults) if op_defaults else ''
    if states is None:
        states = [state(str(i + 1), n) for i, n in enumerate(names)]
    dcattr = ' dc-uuid="%s"' % dc if dc else ''
    return ('<cib crm_feature_set="3.16.2" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0" have-quorum="%s"%s%s>\n'
            '  <configuration>\n    <crm_config>%s</crm_config>\n    <nodes>%s</nodes>\n    <resources>%s</resources>\n'
            '    <constraints>%s</constraints>\n    %s%s\n  </configuration>\n  <status>\n    %s\n    %s\n  </status>\n</cib>\n'
            % (quorum, dcattr, root_extra, props_xml, nodes_xml, resources, constraints, rd, od, '\n    '.join(states), tickets))

DEV = '<primitive id="fencer" class="stonith" type="fence_dummy"/>'
DUMMY = '<primitive id="dummy" class="ocf" provider="heartbeat" type="Dummy"/>'

def healthy(names, extra=None):
    extra = extra or {}
    return [extra.get(n) or state(str(i + 1), n) for i, n in enumerate(names)]

N3 = ['node1', 'node2', 'node3']
cases = {}

def lost(nid, uname, **kw):
    return state(nid, uname, in_ccm='false', crmd='offline', join='down', expected='member', **kw)

# --- node state ---
cases['healthy'] = cib()
cases['lost-node'] = cib(states=healthy(N3, {'node2': lost('2', 'node2')}))
cases['crmd-down'] = cib(states=healthy(N3, {'node2': state('2', 'node2', crmd='offline')}))
cases['crmd-down-inquorate'] = cib(quorum='0', states=healthy(N3, {'node2': state('2', 'node2', crmd='offline')}))
cases['no-in-ccm'] = cib(states=healthy(N3, {'node2': state('2', 'node2', in_ccm=None, crmd='offline', join='down')}))
cases['join-banned'] = cib(states=healthy(N3, {'node2': state('2', 'node2', join='banned')}))
cases['join-unknown'] = cib(states=healthy(N3, {'node2': state('2', 'node2', join='confused')}))
cases['unseen-node'] = cib(states=healthy(N3)[:2])
cases['unseen-startup-fencing-off'] = cib(props={'startup-fencing': 'false'}, states=healthy(N3)[:2])
cases['pending-no-expected'] = cib(states=healthy(N3, {'node2': state('2', 'node2', crmd='offline', join='down', expected=None)}))
cases['pending-join'] = cib(states=healthy(N3, {'node2': state('2', 'node2', join='pending')}))
cases['clean-down'] = cib(states=healthy(N3, {'node2': state('2', 'node2', in_ccm='false', crmd='offline', join='down', expected='down')}))
cases['shutdown-attr'] = cib(states=healthy(N3, {'node2': state('2', 'node2', in_ccm='false', crmd='offline', join='down', attrs={'shutdown': '1700000000'})}))
cases['terminate-online'] = cib(states=healthy(N3, {'node2': state('2', 'node2', attrs={'terminate': 'true'})}))
cases['terminate-epoch'] = cib(states=healthy(N3, {'node2': state('2', 'node2', attrs={'terminate': '1700000000'})}))
cases['terminate-already-down'] = cib(states=healthy(N3, {'node2': state('2', 'node2', in_ccm='false', crmd='offline', join='down', attrs={'terminate': 'true'})}))
cases['epoch-membership'] = cib(states=healthy(N3, {'node2': state('2', 'node2', in_ccm='1700000000', crmd='1700000000')}))
# --- fencing configuration ---
cases['fencing-disabled'] = cib(props={'stonith-enabled': 'false'}, states=healthy(N3, {'node2': lost('2', 'node2')}))
cases['fencing-disabled-unexpectedly-down'] = cib(props={'stonith-enabled': 'false'}, states=healthy(N3, {'node2': state('2', 'node2', in_ccm='true', crmd='offline', join='down')}))
cases['no-device'] = cib(resources=DUMMY, states=healthy(N3, {'node2': lost('2', 'node2')}))
cases['watchdog-only'] = cib(props={'have-watchdog': 'true'}, resources=DUMMY, states=healthy(N3, {'node2': lost('2', 'node2')}))
cases['nothing-managed'] = cib(rsc_defaults={'is-managed': 'false'}, states=healthy(N3, {'node2': lost('2', 'node2')}))
cases['maintenance-mode'] = cib(props={'maintenance-mode': 'true'}, states=healthy(N3, {'node2': lost('2', 'node2')}))
cases['stonith-action-off'] = cib(props={'stonith-action': 'off'}, states=healthy(N3, {'node2': lost('2', 'node2')}))
cases['stonith-action-poweroff'] = cib(props={'stonith-action': 'poweroff'}, states=healthy(N3, {'node2': lost('2', 'node2')}))
# --- quorum ---
cases['inquorate-stop'] = cib(quorum='0', states=healthy(N3, {'node2': lost('2', 'node2'), 'node3': lost('3', 'node3')}))
cases['inquorate-freeze'] = cib(quorum='0', props={'no-quorum-policy': 'freeze'}, states=healthy(N3, {'node2': lost('2', 'node2'), 'node3': lost('3', 'node3')}))
cases['inquorate-ignore'] = cib(quorum='0', props={'no-quorum-policy': 'ignore'}, states=healthy(N3, {'node2': lost('2', 'node2'), 'node3': lost('3', 'node3')}))
cases['suicide-inquorate'] = cib(quorum='0', root_extra=' no-quorum-panic="1"', props={'no-quorum-policy': 'suicide'}, dc='2')
cases['suicide-never-quorate'] = cib(quorum='0', props={'no-quorum-policy': 'suicide'})
cases['suicide-quorate'] = cib(quorum='1', props={'no-quorum-policy': 'suicide'})
# --- ordering ---
cases['dc-lost-last'] = cib(dc='2', states=healthy(['node1', 'node2', 'node3', 'node4'], {'node2': lost('2', 'node2'), 'node3': lost('3', 'node3'), 'node4': lost('4', 'node4')}), names=['node1', 'node2', 'node3', 'node4'])
cases['dc-lost-concurrent'] = cib(dc='2', props={'concurrent-fencing': 'true'}, names=['node1', 'node2', 'node3', 'node4'], states=healthy(['node1', 'node2', 'node3', 'node4'], {'node2': lost('2', 'node2'), 'node3': lost('3', 'node3'), 'node4': lost('4', 'node4')}))
NAT = ['node1', 'node2', 'node9', 'node10', 'Node11']
cases['natural-name-order'] = cib(names=NAT, states=[state('1', 'node1'), lost('2', 'node2'), lost('3', 'node9'), lost('4', 'node10'), lost('5', 'Node11')])
cases['concurrent-no-dc'] = cib(props={'concurrent-fencing': 'true'}, names=NAT, states=[state('1', 'node1'), lost('2', 'node2'), lost('3', 'node9'), lost('4', 'node10'), lost('5', 'Node11')])
# --- resource history ---
def with_rsc(node_ops, **kw):
    sts = []
    for i, n in enumerate(N3):
        entries = node_ops.get(n, [])
        sts.append(state(str(i + 1), n, lrm_xml=lrm(n, entries) if entries else ''))
    return cib(states=sts, **kw)
def fail_stop(n, rc=1):
    return [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node=n), op('dummy', 'stop', rc, 11, node=n, key='dummy_last_failure_0')])]
def fail_mon(n):
    return [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node=n), op('dummy', 'monitor', 1, 12, interval=10000, node=n)])]
DUMMY_OPS = lambda ops: '<primitive id="dummy" class="ocf" provider="heartbeat" type="Dummy"><operations>%s</operations></primitive>' % ops
cases['failed-stop-default'] = with_rsc({'node2': fail_stop('node2')})
cases['failed-stop-block'] = with_rsc({'node2': fail_stop('node2')}, resources=DEV + DUMMY_OPS('<op id="d-stop" name="stop" interval="0" on-fail="block"/>'))
cases['failed-stop-ignore'] = with_rsc({'node2': fail_stop('node2')}, resources=DEV + DUMMY_OPS('<op id="d-stop" name="stop" interval="0" on-fail="ignore"/>'))
cases['failed-stop-fencing-disabled'] = with_rsc({'node2': fail_stop('node2')}, props={'stonith-enabled': 'false'})
cases['failed-stop-then-stopped'] = with_rsc({'node2': [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node2'), op('dummy', 'stop', 1, 11, node='node2', key='dummy_last_failure_0'), op('dummy', 'stop', 0, 12, node='node2')])]})
cases['failed-monitor-default'] = with_rsc({'node2': fail_mon('node2')}, resources=DEV + DUMMY_OPS('<op id="d-mon" name="monitor" interval="10s"/>'))
cases['failed-monitor-on-fail-fence'] = with_rsc({'node2': fail_mon('node2')}, resources=DEV + DUMMY_OPS('<op id="d-mon" name="monitor" interval="10s" on-fail="fence"/>'))
cases['failed-monitor-op-defaults-fence'] = with_rsc({'node2': fail_mon('node2')}, op_defaults={'on-fail': 'fence'}, resources=DEV + DUMMY_OPS('<op id="d-mon" name="monitor" interval="10s"/>'))
cases['failed-monitor-fence-disabled'] = with_rsc({'node2': fail_mon('node2')}, props={'stonith-enabled': 'false'}, resources=DEV + DUMMY_OPS('<op id="d-mon" name="monitor" interval="10s" on-fail="fence"/>'))
cases['failed-stop-on-dc'] = with_rsc({'node1': fail_stop('node1'), 'node3': fail_stop('node3')})
cases['failed-stop-unmanaged'] = with_rsc({'node2': fail_stop('node2')}, rsc_defaults={'is-managed': 'false'})
def active_on_lost(**kw):
    entries = [started('dummy', 'node2')]
    return cib(states=[state('1', 'node1'), state('2', 'node2', in_ccm='false', crmd='offline', join='down', expected='down', lrm_xml=lrm('node2', entries)), state('3', 'node3')], **kw)
cases['active-on-down-node'] = active_on_lost()
cases['active-on-down-node-unmanaged'] = active_on_lost(resources=DEV + '<primitive id="dummy" class="ocf" provider="heartbeat" type="Dummy"><meta_attributes id="d-meta"><nvpair id="d-m" name="is-managed" value="false"/></meta_attributes></primitive>' + '<primitive id="other" class="ocf" provider="heartbeat" type="Dummy"/>')
cases['active-on-down-fencing-disabled'] = active_on_lost(props={'stonith-enabled': 'false'})
cases['orphan-active-on-down-node'] = cib(states=[state('1', 'node1'), state('2', 'node2', in_ccm='false', crmd='offline', join='down', expected='down', lrm_xml=lrm('node2', [started('gone', 'node2')])), state('3', 'node3')])
# --- priority-fencing-delay ---
def pfd(prio_a, prio_b):
    res = DEV + ('<primitive id="a" class="ocf" provider="heartbeat" type="Dummy"><meta_attributes id="a-m"><nvpair id="a-p" name="priority" value="%d"/></meta_attributes></primitive>'
                 '<primitive id="b" class="ocf" provider="heartbeat" type="Dummy"><meta_attributes id="b-m"><nvpair id="b-p" name="priority" value="%d"/></meta_attributes></primitive>') % (prio_a, prio_b)
    return cib(names=['node1', 'node2'], props={'priority-fencing-delay': '15s'}, resources=res,
               states=[state('1', 'node1', lrm_xml=lrm('node1', [started('b', 'node1')])),
                       state('2', 'node2', in_ccm='false', crmd='offline', join='down', expected='member', lrm_xml=lrm('node2', [started('a', 'node2')]))])
cases['priority-delay-top'] = pfd(10, 1)
cases['priority-delay-lower'] = pfd(1, 10)
cases['priority-delay-equal'] = pfd(5, 5)
# --- tickets ---
def ticket(policy, granted, role=None):
    rr = ' rsc-role="%s"' % role if role else ''
    cons = '<rsc_ticket id="t1" ticket="tk" rsc="dummy"%s loss-policy="%s"/>' % (rr, policy)
    tk = '<tickets><ticket_state id="tk" granted="%s"/></tickets>' % granted if granted is not None else ''
    return with_rsc({'node2': [started('dummy', 'node2')]}, constraints=cons, tickets=tk)
cases['ticket-lost-fence'] = ticket('fence', 'false')
cases['ticket-never-granted-fence'] = ticket('fence', None)
cases['ticket-granted'] = ticket('fence', 'true')
cases['ticket-lost-stop'] = ticket('stop', 'false')
cases['ticket-lost-fence-role-mismatch'] = ticket('fence', 'false', role='Promoted')
# --- unfencing ---
UDEV = '<primitive id="fencer" class="stonith" type="fence_dummy"><meta_attributes id="f-m"><nvpair id="f-p" name="provides" value="unfencing"/></meta_attributes></primitive>'
cases['unfencing-required'] = cib(resources=UDEV + DUMMY)
def unfenced_all():
    sts = []
    for i, n in enumerate(N3):
        entries = [('fencer', 'stonith', 'fence_dummy', None, [op('fencer', 'monitor', 7, 2, node=n)]),
                   ('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 7, 3, node=n)])]
        sts.append(state(str(i + 1), n, attrs={'#node-unfenced': '1700000000'}, lrm_xml=lrm(n, entries)))
    return sts
cases['unfencing-done'] = cib(resources=UDEV + DUMMY, states=unfenced_all())
cases['unfencing-requires-meta'] = cib(resources=DEV + '<primitive id="dummy" class="ocf" provider="heartbeat" type="Dummy"><meta_attributes id="d-m"><nvpair id="d-r" name="requires" value="unfencing"/></meta_attributes></primitive>')
cases['unfencing-lost-node'] = cib(resources=UDEV + DUMMY, states=healthy(N3, {'node3': lost('3', 'node3')}))
# --- remote and guest ---
REMOTE = '<primitive id="remote1" class="ocf" provider="pacemaker" type="remote"><operations><op id="r-mon" name="monitor" interval="30s"/></operations></primitive>'
def remote_case(conn_ops, **kw):
    sts = [state('1', 'node1', lrm_xml=lrm('node1', [('remote1', 'ocf', 'remote', 'pacemaker', conn_ops)])), state('2', 'node2'), state('3', 'node3')]
    sts.append('<node_state id="remote1" uname="remote1" remote_node="true" in_ccm="true">%s</node_state>' % lrm('remote1', [started('dummy', 'remote1')]))
    return cib(resources=DEV + REMOTE + DUMMY, states=sts, **kw)
cases['remote-healthy'] = remote_case([op('remote1', 'start', 0, 5)])
cases['remote-connection-failed'] = remote_case([op('remote1', 'start', 0, 5), op('remote1', 'monitor', 1, 6, interval=30000)])
cases['remote-connection-failed-fencing-disabled'] = remote_case([op('remote1', 'start', 0, 5), op('remote1', 'monitor', 1, 6, interval=30000)], props={'stonith-enabled': 'false'})
GUEST = '<primitive id="vm1" class="ocf" provider="heartbeat" type="VirtualDomain"><meta_attributes id="vm1-m"><nvpair id="vm1-rn" name="remote-node" value="guest1"/></meta_attributes><operations><op id="vm-mon" name="monitor" interval="30s"/></operations></primitive>'
def guest_case(vm_ops, **kw):
    sts = [state('1', 'node1', lrm_xml=lrm('node1', [('vm1', 'ocf', 'VirtualDomain', 'heartbeat', vm_ops), ('guest1', 'ocf', 'remote', 'pacemaker', [op('guest1', 'start', 0, 7)])])), state('2', 'node2'), state('3', 'node3')]
    sts.append('<node_state id="guest1" uname="guest1" remote_node="true" in_ccm="true">%s</node_state>' % lrm('guest1', [started('dummy', 'guest1')]))
    return cib(resources=DEV + GUEST + DUMMY, states=sts, **kw)
cases['guest-healthy'] = guest_case([op('vm1', 'start', 0, 5)])
cases['guest-container-failed'] = guest_case([op('vm1', 'start', 0, 5), op('vm1', 'monitor', 1, 6, interval=30000)])
cases['guest-host-lost'] = cib(resources=DEV + GUEST + DUMMY, states=[
    state('1', 'node1', in_ccm='false', crmd='offline', join='down', lrm_xml=lrm('node1', [('vm1', 'ocf', 'VirtualDomain', 'heartbeat', [op('vm1', 'start', 0, 5)]), ('guest1', 'ocf', 'remote', 'pacemaker', [op('guest1', 'start', 0, 7)])])),
    state('2', 'node2'), state('3', 'node3'),
    '<node_state id="guest1" uname="guest1" remote_node="true" in_ccm="true">%s</node_state>' % lrm('guest1', [started('dummy', 'guest1')])], dc='2')

for name, xml in cases.items():
    with open(os.path.join(OUT, name + '.xml'), 'w') as f:
        f.write(xml)
print(len(cases))

# --- second batch ---
cases2 = {}
UNMANAGED_DUMMY = '<primitive id="dummy" class="ocf" provider="heartbeat" type="Dummy"><meta_attributes id="d-m"><nvpair id="d-u" name="is-managed" value="false"/></meta_attributes></primitive>'
cases2['failed-stop-unmanaged-resource'] = with_rsc({'node2': fail_stop('node2')}, resources=DEV + UNMANAGED_DUMMY)
cases2['failed-stop-in-group'] = with_rsc({'node2': fail_stop('node2')}, resources=DEV + '<group id="grp"><primitive id="first" class="ocf" provider="heartbeat" type="Dummy"/>' + DUMMY + '</group>')
cases2['failed-stop-clone-instance'] = with_rsc({'node2': [('dummy:1', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node2'), op('dummy', 'stop', 1, 11, node='node2', key='dummy_last_failure_0')])]}, resources=DEV + '<clone id="dummy-clone">' + DUMMY + '</clone>')
cases2['failed-stop-timeout'] = with_rsc({'node2': [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node2'), op('dummy', 'stop', 1, 11, status=2, node='node2', key='dummy_last_failure_0')])]})
cases2['failed-stop-not-installed'] = with_rsc({'node2': [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node2'), op('dummy', 'stop', 5, 11, node='node2', key='dummy_last_failure_0')])]})
cases2['failed-stop-inquorate'] = with_rsc({'node2': fail_stop('node2')}, quorum='0')
cases2['failed-start-on-fail-fence'] = with_rsc({'node2': [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 1, 10, node='node2')])]}, resources=DEV + DUMMY_OPS('<op id="d-start" name="start" interval="0" on-fail="fence"/>'))
cases2['failed-probe-not-installed'] = with_rsc({'node2': [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 5, 3, node='node2')])]}, resources=DEV + DUMMY_OPS('<op id="d-mon0" name="monitor" interval="0" on-fail="fence"/>'))
cases2['failed-monitor-on-fail-standby'] = with_rsc({'node2': fail_mon('node2')}, resources=DEV + DUMMY_OPS('<op id="d-mon" name="monitor" interval="10s" on-fail="standby"/>'))
cases2['failed-monitor-fence-then-restarted'] = with_rsc({'node2': [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 1, 12, interval=10000, node='node2'), op('dummy', 'start', 0, 13, node='node2')])]}, resources=DEV + DUMMY_OPS('<op id="d-mon" name="monitor" interval="10s" on-fail="fence"/>'))
cases2['pending-start-on-lost-node'] = cib(states=[state('1', 'node1'), state('2', 'node2', in_ccm='false', crmd='offline', join='down', expected='down', lrm_xml=lrm('node2', [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, -1, status=-1, node='node2')])])), state('3', 'node3')])
cases2['duplicate-history-ids'] = cib(states=[state('1', 'node1'), state('2', 'node2', in_ccm='false', crmd='offline', join='down', expected='down', lrm_xml=lrm('node2', [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node2'), op('dummy', 'stop', 0, 11, node='node2')])])), state('3', 'node3')])
cases2['maintenance-node-active-down'] = cib(names=N3, states=[state('1', 'node1'), state('2', 'node2', in_ccm='false', crmd='offline', join='down', expected='down', attrs={'maintenance': 'true'}, lrm_xml=lrm('node2', [started('dummy', 'node2')])), state('3', 'node3')])
cases2['orphan-keep-active-down'] = cib(props={'stop-orphan-resources': 'false'}, states=[state('1', 'node1'), state('2', 'node2', in_ccm='false', crmd='offline', join='down', expected='down', lrm_xml=lrm('node2', [started('gone', 'node2')])), state('3', 'node3')])
cases2['standby-node-lost'] = cib(states=healthy(N3, {'node2': state('2', 'node2', in_ccm='false', crmd='offline', join='down', attrs={'standby': 'on'})}))
cases2['ping-node-lost'] = cib(names=N3, states=healthy(N3, {'node2': lost('2', 'node2')})).replace('<node id="2" uname="node2"/>', '<node id="2" uname="node2" type="ping"/>')
cases2['fence-device-only'] = cib(resources=DEV, states=healthy(N3, {'node2': lost('2', 'node2')}))
cases2['device-disabled-lost'] = cib(resources='<primitive id="fencer" class="stonith" type="fence_dummy"><meta_attributes id="f-m"><nvpair id="f-t" name="target-role" value="Stopped"/></meta_attributes></primitive>' + DUMMY, states=healthy(N3, {'node2': lost('2', 'node2')}))
cases2['priority-delay-duplicate-ids'] = cib(names=['node1', 'node2'], props={'priority-fencing-delay': '20'},
    resources=DEV + '<clone id="ms"><meta_attributes id="ms-m"><nvpair id="ms-p" name="promotable" value="true"/><nvpair id="ms-pr" name="priority" value="5"/></meta_attributes><primitive id="st" class="ocf" provider="pacemaker" type="Stateful"/></clone>',
    states=[state('1', 'node1', lrm_xml=lrm('node1', [('st', 'ocf', 'Stateful', 'pacemaker', [op('st', 'start', 0, 5, node='node1')])])),
            state('2', 'node2', in_ccm='false', crmd='offline', join='down', lrm_xml=lrm('node2', [('st', 'ocf', 'Stateful', 'pacemaker', [op('st', 'start', 0, 5, node='node2'), op('st', 'promote', 0, 6, node='node2')])]))])
cases2['priority-delay-majority-online'] = cib(props={'priority-fencing-delay': '15s'}, resources=DEV + '<primitive id="a" class="ocf" provider="heartbeat" type="Dummy"><meta_attributes id="a-m"><nvpair id="a-p" name="priority" value="10"/></meta_attributes></primitive>',
    states=[state('1', 'node1'), state('2', 'node2', in_ccm='false', crmd='offline', join='down', lrm_xml=lrm('node2', [started('a', 'node2')])), state('3', 'node3')])
cases2['ticket-clone-fence'] = with_rsc({'node1': [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node1')])], 'node3': [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node3')])]},
    resources=DEV + '<clone id="dummy-clone">' + DUMMY + '</clone>', constraints='<rsc_ticket id="t1" ticket="tk" rsc="dummy-clone" loss-policy="fence"/>', tickets='<tickets><ticket_state id="tk" granted="false"/></tickets>')
cases2['ticket-fence-fencing-disabled'] = with_rsc({'node2': [started('dummy', 'node2')]}, props={'stonith-enabled': 'false'}, constraints='<rsc_ticket id="t1" ticket="tk" rsc="dummy" loss-policy="fence"/>')
cases2['ticket-standby'] = with_rsc({'node2': [started('dummy', 'node2')]}, constraints='<rsc_ticket id="t1" ticket="tk" rsc="dummy" loss-policy="fence"/>', tickets='<tickets><ticket_state id="tk" granted="true" standby="true"/></tickets>')
cases2['remote-lost-host'] = cib(resources=DEV + REMOTE + DUMMY, dc='2', states=[
    state('1', 'node1', in_ccm='false', crmd='offline', join='down', lrm_xml=lrm('node1', [('remote1', 'ocf', 'remote', 'pacemaker', [op('remote1', 'start', 0, 5)])])), state('2', 'node2'), state('3', 'node3'),
    '<node_state id="remote1" uname="remote1" remote_node="true" in_ccm="true">%s</node_state>' % lrm('remote1', [started('dummy', 'remote1')])])
cases2['remote-lost-host-banned'] = cib(resources=DEV + REMOTE + DUMMY, dc='2', constraints='<rsc_location id="b2" rsc="remote1" node="node2" score="-INFINITY"/><rsc_location id="b3" rsc="remote1" node="node3" score="-INFINITY"/>', states=[
    state('1', 'node1', in_ccm='false', crmd='offline', join='down', lrm_xml=lrm('node1', [('remote1', 'ocf', 'remote', 'pacemaker', [op('remote1', 'start', 0, 5)])])), state('2', 'node2'), state('3', 'node3'),
    '<node_state id="remote1" uname="remote1" remote_node="true" in_ccm="true">%s</node_state>' % lrm('remote1', [started('dummy', 'remote1')])])
cases2['remote-unmanaged-connection-failed'] = remote_case([op('remote1', 'start', 0, 5), op('remote1', 'monitor', 1, 6, interval=30000)]).replace('<primitive id="remote1" class="ocf" provider="pacemaker" type="remote">', '<primitive id="remote1" class="ocf" provider="pacemaker" type="remote"><meta_attributes id="r-m"><nvpair id="r-u" name="is-managed" value="false"/></meta_attributes>')
cases2['remote-failed-stop-on-remote'] = cib(resources=DEV + REMOTE + DUMMY, states=[state('1', 'node1', lrm_xml=lrm('node1', [('remote1', 'ocf', 'remote', 'pacemaker', [op('remote1', 'start', 0, 5)])])), state('2', 'node2'), state('3', 'node3'),
    '<node_state id="remote1" uname="remote1" remote_node="true" in_ccm="true">%s</node_state>' % lrm('remote1', fail_stop('remote1'))])
cases2['guest-unmanaged-container-failed'] = guest_case([op('vm1', 'start', 0, 5), op('vm1', 'monitor', 1, 6, interval=30000)]).replace('<nvpair id="vm1-rn" name="remote-node" value="guest1"/>', '<nvpair id="vm1-rn" name="remote-node" value="guest1"/><nvpair id="vm1-u" name="is-managed" value="false"/>')
cases2['guest-container-failed-banned'] = guest_case([op('vm1', 'start', 0, 5), op('vm1', 'monitor', 1, 6, interval=30000)], constraints=''.join('<rsc_location id="b%d" rsc="vm1" node="node%d" score="-INFINITY"/>' % (i, i) for i in (1, 2, 3)))
cases2['guest-host-lost-fencing-disabled'] = cases['guest-host-lost'].replace('name="stonith-enabled" value="true"', 'name="stonith-enabled" value="false"')
cases2['failure-timeout-expired'] = with_rsc({'node2': [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node2'), op('dummy', 'monitor', 1, 12, interval=10000, node='node2')])]},
    resources=DEV + '<primitive id="dummy" class="ocf" provider="heartbeat" type="Dummy"><meta_attributes id="d-m"><nvpair id="d-ft" name="failure-timeout" value="60s"/></meta_attributes><operations><op id="d-mon" name="monitor" interval="10s" on-fail="fence"/></operations></primitive>',
    root_extra=' execution-date="1800000000"').replace('interval="10000" on_node="node2"', 'interval="10000" on_node="node2" last-rc-change="1700000000"')
cases2['failure-timeout-not-expired'] = cases2['failure-timeout-expired'].replace('execution-date="1800000000"', 'execution-date="1700000030"')
cases2['stopped-on-down-node'] = cib(states=[state('1', 'node1'), state('2', 'node2', in_ccm='false', crmd='offline', join='down', expected='down', lrm_xml=lrm('node2', [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node2', key='dummy_start_0'), op('dummy', 'stop', 0, 11, node='node2')])])), state('3', 'node3')])
cases2['priority-delay-promoted'] = cases2['priority-delay-duplicate-ids'].replace('<lrm_rsc_op id="st_last_0" operation_key="st_start_0" operation="start" transition-key="1:1:0:00000000-0000-0000-0000-000000000000" transition-magic="0:0;1:1:0:00000000-0000-0000-0000-000000000000" call-id="5" rc-code="0" op-status="0" interval="0" on_node="node2"/>', '<lrm_rsc_op id="st_start_0" operation_key="st_start_0" operation="start" transition-key="1:1:0:00000000-0000-0000-0000-000000000000" transition-magic="0:0;1:1:0:00000000-0000-0000-0000-000000000000" call-id="5" rc-code="0" op-status="0" interval="0" on_node="node2"/>')
for name, xml in cases2.items():
    with open(os.path.join(OUT, name + '.xml'), 'w') as f:
        f.write(xml)
print(len(cases2))

# --- third batch ---
c3 = {}
c3['pending-node-active'] = cib(states=[state('1', 'node1'), state('2', 'node2', join='pending', lrm_xml=lrm('node2', [started('dummy', 'node2')])), state('3', 'node3')])
c3['shutdown-crmd-down-active'] = cib(states=[state('1', 'node1'), state('2', 'node2', crmd='offline', join='down', attrs={'shutdown': '1700000000'}, lrm_xml=lrm('node2', [started('dummy', 'node2')])), state('3', 'node3')])
c3['multiply-active-one-lost'] = cib(states=[state('1', 'node1', lrm_xml=lrm('node1', [started('dummy', 'node1')])), lost('2', 'node2', lrm_xml=lrm('node2', [started('dummy', 'node2')])), state('3', 'node3')])
c3['nqp-demote-lost'] = cib(quorum='0', props={'no-quorum-policy': 'demote'}, states=healthy(N3, {'node2': lost('2', 'node2')}))
c3['unfenced-zero'] = cib(resources=UDEV + DUMMY, states=[state(str(i + 1), n, attrs={'#node-unfenced': '0'}) for i, n in enumerate(N3)])
c3['remote-entry-no-connection'] = cib(states=healthy(N3)).replace('</nodes>', '<node id="r9" uname="r9" type="remote"/></nodes>')
c3['orphan-remote-connection'] = cib(states=[state('1', 'node1', lrm_xml=lrm('node1', [('rgone', 'ocf', 'remote', 'pacemaker', [op('rgone', 'start', 0, 5)])])), state('2', 'node2'), state('3', 'node3'),
    '<node_state id="rgone" uname="rgone" remote_node="true" in_ccm="true">%s</node_state>' % lrm('rgone', [started('dummy', 'rgone')])])
MIG = '<primitive id="vm" class="ocf" provider="heartbeat" type="Dummy"><meta_attributes id="vm-m"><nvpair id="vm-a" name="allow-migrate" value="true"/></meta_attributes></primitive>'
def mop(task, rc, call, node, src, tgt, key):
    return ('<lrm_rsc_op id="%s" operation_key="vm_%s_0" operation="%s" transition-key="1:1:0:00000000-0000-0000-0000-000000000000" transition-magic="0:%d;1:1:0:00000000-0000-0000-0000-000000000000" call-id="%d" rc-code="%d" op-status="0" interval="0" on_node="%s" migrate_source="%s" migrate_target="%s"/>' % (key, task, task, rc, call, rc, node, src, tgt))
c3['migrate-to-done-source-lost'] = cib(resources=DEV + MIG, states=[
    lost('1', 'node1', lrm_xml=lrm('node1', [('vm', 'ocf', 'Dummy', 'heartbeat', [op('vm', 'start', 0, 5, node='node1', key='vm_start_0'), mop('migrate_to', 0, 6, 'node1', 'node1', 'node2', 'vm_last_0')])])),
    state('2', 'node2', lrm_xml=lrm('node2', [('vm', 'ocf', 'Dummy', 'heartbeat', [mop('migrate_from', 0, 7, 'node2', 'node1', 'node2', 'vm_last_0')])])), state('3', 'node3')], dc='2')
c3['migrate-partial-target-lost'] = cib(resources=DEV + MIG, states=[
    state('1', 'node1', lrm_xml=lrm('node1', [('vm', 'ocf', 'Dummy', 'heartbeat', [op('vm', 'start', 0, 5, node='node1', key='vm_start_0'), mop('migrate_to', 0, 6, 'node1', 'node1', 'node2', 'vm_last_0')])])),
    lost('2', 'node2'), state('3', 'node3')])
c3['migrate-to-failed-source-lost'] = cib(resources=DEV + MIG, states=[
    lost('1', 'node1', lrm_xml=lrm('node1', [('vm', 'ocf', 'Dummy', 'heartbeat', [op('vm', 'start', 0, 5, node='node1', key='vm_start_0'), mop('migrate_to', 1, 6, 'node1', 'node1', 'node2', 'vm_last_0')])])),
    state('2', 'node2', lrm_xml=lrm('node2', [('vm', 'ocf', 'Dummy', 'heartbeat', [op('vm', 'monitor', 7, 3, node='node2')])])), state('3', 'node3')], dc='2')
PROMO = DEV + '<clone id="ms"><meta_attributes id="ms-m"><nvpair id="ms-p" name="promotable" value="true"/></meta_attributes><primitive id="st" class="ocf" provider="pacemaker" type="Stateful"><operations><op id="st-dem" name="demote" interval="0" on-fail="fence"/></operations></primitive></clone>'
c3['failed-demote-fence'] = cib(resources=PROMO, states=[state('1', 'node1'), state('2', 'node2', lrm_xml=lrm('node2', [('st', 'ocf', 'Stateful', 'pacemaker', [op('st', 'start', 0, 5, node='node2', key='st_start_0'), op('st', 'promote', 0, 6, node='node2', key='st_promote_0'), op('st', 'demote', 1, 7, node='node2', key='st_last_failure_0')])])), state('3', 'node3')])
PROMO2 = DEV + '<clone id="ms"><meta_attributes id="ms-m"><nvpair id="ms-p" name="promotable" value="true"/></meta_attributes><primitive id="st" class="ocf" provider="pacemaker" type="Stateful"><operations><op id="st-mon" name="monitor" interval="10s" role="Promoted" on-fail="fence"/></operations></primitive></clone>'
c3['failed-demote-promoted-monitor-fence'] = cib(resources=PROMO2, states=[state('1', 'node1'), state('2', 'node2', lrm_xml=lrm('node2', [('st', 'ocf', 'Stateful', 'pacemaker', [op('st', 'start', 0, 5, node='node2', key='st_start_0'), op('st', 'promote', 0, 6, node='node2', key='st_promote_0'), op('st', 'demote', 1, 7, node='node2', key='st_last_failure_0')])])), state('3', 'node3')])
c3['ticket-promoted-role'] = cib(resources=DEV + '<clone id="ms"><meta_attributes id="ms-m"><nvpair id="ms-p" name="promotable" value="true"/></meta_attributes><primitive id="st" class="ocf" provider="pacemaker" type="Stateful"/></clone>',
    constraints='<rsc_ticket id="t1" ticket="tk" rsc="ms" rsc-role="Promoted" loss-policy="fence"/>',
    states=[state('1', 'node1', lrm_xml=lrm('node1', [('st', 'ocf', 'Stateful', 'pacemaker', [op('st', 'start', 0, 5, node='node1', key='st_start_0'), op('st', 'promote', 0, 6, node='node1', key='st_promote_0')])])),
            state('2', 'node2', lrm_xml=lrm('node2', [('st', 'ocf', 'Stateful', 'pacemaker', [op('st', 'start', 0, 5, node='node2', key='st_start_0')])])), state('3', 'node3')])
c3['group-failed-stop-fence'] = with_rsc({'node2': [started('first', 'node2')] + fail_stop('node2')}, resources=DEV + '<group id="grp"><primitive id="first" class="ocf" provider="heartbeat" type="Dummy"/>' + DUMMY + '</group>')
c3['failed-probe-running-elsewhere'] = with_rsc({'node1': [started('dummy', 'node1')], 'node2': [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 0, 3, node='node2')])]})
c3['clone-failed-stop-on-dc'] = with_rsc({'node1': [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node1', key='dummy_start_0'), op('dummy', 'stop', 1, 11, node='node1', key='dummy_last_failure_0')])], 'node2': [started('dummy', 'node2')]}, resources=DEV + '<clone id="dc">' + DUMMY + '</clone>')
c3['requires-quorum-clone-lost'] = cib(resources=DEV + '<clone id="cl"><meta_attributes id="cl-m"><nvpair id="cl-r" name="requires" value="quorum"/></meta_attributes>' + DUMMY + '</clone>', states=[state('1', 'node1', lrm_xml=lrm('node1', [started('dummy', 'node1')])), lost('2', 'node2', lrm_xml=lrm('node2', [started('dummy', 'node2')])), state('3', 'node3')])
c3['lost-node-rsc-defaults-unmanaged-but-device'] = cib(rsc_defaults={'is-managed': 'false'}, resources='<primitive id="fencer" class="stonith" type="fence_dummy"><meta_attributes id="f-m"><nvpair id="f-u" name="is-managed" value="true"/></meta_attributes></primitive>' + DUMMY, states=healthy(N3, {'node2': lost('2', 'node2')}))
c3['bundle-host-lost-room'] = cib(names=['node1', 'node2', 'node3'], dc='2',
    resources=DEV + '<bundle id="web"><docker image="img" replicas="1"/><network control-port="3121"/><primitive id="httpd" class="ocf" provider="heartbeat" type="apache"/></bundle>',
    states=[lost('1', 'node1', lrm_xml=lrm('node1', [('web-docker-0', 'ocf', 'docker', 'heartbeat', [op('web-docker-0', 'start', 0, 5)]), ('web-0', 'ocf', 'remote', 'pacemaker', [op('web-0', 'start', 0, 6)])])), state('2', 'node2'), state('3', 'node3'),
            '<node_state id="web-0" uname="web-0" remote_node="true" in_ccm="true">%s</node_state>' % lrm('web-0', [started('httpd', 'web-0')])])
c3['bundle-child-failed'] = cib(resources=DEV + '<bundle id="web"><docker image="img" replicas="1"/><network control-port="3121"/><primitive id="httpd" class="ocf" provider="heartbeat" type="apache"><operations><op id="h-mon" name="monitor" interval="10s"/></operations></primitive></bundle>',
    states=[state('1', 'node1', lrm_xml=lrm('node1', [('web-docker-0', 'ocf', 'docker', 'heartbeat', [op('web-docker-0', 'start', 0, 5)]), ('web-0', 'ocf', 'remote', 'pacemaker', [op('web-0', 'start', 0, 6)])])), state('2', 'node2'), state('3', 'node3'),
            '<node_state id="web-0" uname="web-0" remote_node="true" in_ccm="true">%s</node_state>' % lrm('web-0', [('httpd', 'ocf', 'apache', 'heartbeat', [op('httpd', 'start', 0, 5, node='web-0', key='httpd_start_0'), op('httpd', 'monitor', 1, 6, interval=10000, node='web-0')])])])
c3['bundle-container-failed'] = cib(resources=DEV + '<bundle id="web"><docker image="img" replicas="2"/><network control-port="3121"/><primitive id="httpd" class="ocf" provider="heartbeat" type="apache"/></bundle>',
    states=[state('1', 'node1', lrm_xml=lrm('node1', [('web-docker-0', 'ocf', 'docker', 'heartbeat', [op('web-docker-0', 'start', 0, 5, key='web-docker-0_start_0'), op('web-docker-0', 'monitor', 1, 7, interval=60000)]), ('web-0', 'ocf', 'remote', 'pacemaker', [op('web-0', 'start', 0, 6)])])),
            state('2', 'node2', lrm_xml=lrm('node2', [('web-docker-1', 'ocf', 'docker', 'heartbeat', [op('web-docker-1', 'start', 0, 5)]), ('web-1', 'ocf', 'remote', 'pacemaker', [op('web-1', 'start', 0, 6)])])), state('3', 'node3'),
            '<node_state id="web-0" uname="web-0" remote_node="true" in_ccm="true">%s</node_state>' % lrm('web-0', [started('httpd', 'web-0')]),
            '<node_state id="web-1" uname="web-1" remote_node="true" in_ccm="true">%s</node_state>' % lrm('web-1', [started('httpd', 'web-1')])])
c3['guest-connection-failed'] = guest_case([op('vm1', 'start', 0, 5)]).replace(op('guest1', 'start', 0, 7), op('guest1', 'start', 0, 7) + op('guest1', 'monitor', 1, 8, interval=30000))
c3['remote-reconnect-failed'] = remote_case([op('remote1', 'start', 0, 5), op('remote1', 'monitor', 1, 6, interval=30000)]).replace('<operations><op id="r-mon"', '<instance_attributes id="r-i"><nvpair id="r-ri" name="reconnect_interval" value="60s"/></instance_attributes><operations><op id="r-mon"')
c3['remote-node-fenced-attr'] = remote_case([op('remote1', 'start', 0, 5), op('remote1', 'monitor', 1, 6, interval=30000)]).replace('remote_node="true" in_ccm="true"', 'remote_node="true" in_ccm="true" node_fenced="1"')
c3['failed-stop-on-lost-node'] = cib(states=[state('1', 'node1'), lost('2', 'node2', lrm_xml=lrm('node2', fail_stop('node2'))), state('3', 'node3')], props={'priority-fencing-delay': '10'})
for name, xml in c3.items():
    with open(os.path.join(OUT, name + '.xml'), 'w') as f:
        f.write(xml)
print(len(c3))

# --- unfencing: probes and starts ---
c4 = {}
def unf_states(node3_attrs=None, node3_entries=None):
    sts = []
    for i, n in enumerate(N3[:2]):
        entries = [('fencer', 'stonith', 'fence_dummy', None, [op('fencer', 'monitor', 7, 2, node=n)]), ('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 7, 3, node=n)])]
        sts.append(state(str(i + 1), n, attrs={'#node-unfenced': '1700000000'}, lrm_xml=lrm(n, entries)))
    sts.append(state('3', 'node3', attrs=node3_attrs, lrm_xml=lrm('node3', node3_entries) if node3_entries else ''))
    return sts
FENCER_KNOWN = [('fencer', 'stonith', 'fence_dummy', None, [op('fencer', 'monitor', 7, 2, node='node3')])]
c4['unfence-discovery-never'] = cib(resources=UDEV + DUMMY, constraints='<rsc_location id="dn" rsc="dummy" node="node3" score="0" resource-discovery="never"/>', states=unf_states(node3_entries=FENCER_KNOWN))
c4['unfence-discovery-exclusive-elsewhere'] = cib(resources=UDEV + DUMMY, constraints='<rsc_location id="dn" rsc="dummy" node="node1" score="0" resource-discovery="exclusive"/>', states=unf_states(node3_entries=FENCER_KNOWN))
c4['unfence-probe-complete-false'] = cib(resources=UDEV + DUMMY, states=unf_states(node3_attrs={'probe_complete': 'false'}))
c4['unfence-all-known-not-unfenced'] = cib(resources=UDEV + DUMMY, states=unf_states(node3_entries=FENCER_KNOWN + [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 7, 3, node='node3')])]))
c4['unfence-running-not-unfenced'] = cib(resources=UDEV + DUMMY, states=unf_states(node3_entries=FENCER_KNOWN + [started('dummy', 'node3')]))
c4['unfence-requires-quorum-rsc'] = cib(resources=UDEV + '<primitive id="dummy" class="ocf" provider="heartbeat" type="Dummy"><meta_attributes id="d-m"><nvpair id="d-r" name="requires" value="quorum"/></meta_attributes></primitive>', states=unf_states(node3_entries=FENCER_KNOWN))
for name, xml in c4.items():
    with open(os.path.join(OUT, name + '.xml'), 'w') as f:
        f.write(xml)
c5 = {}
CL = '<clone id="dc">' + DUMMY + '</clone>'
CL2 = '<clone id="dc"><meta_attributes id="dc-m"><nvpair id="dc-max" name="clone-max" value="2"/></meta_attributes>' + DUMMY + '</clone>'
KNOWN_STOPPED = FENCER_KNOWN + [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 7, 3, node='node3')])]
c5['unfence-clone-known-stopped'] = cib(resources=UDEV + CL, states=unf_states(node3_entries=KNOWN_STOPPED))
c5['unfence-clone-max-2'] = cib(resources=UDEV + CL2, states=unf_states(node3_entries=KNOWN_STOPPED))
c5['unfence-device-running'] = cib(resources=UDEV + DUMMY, states=unf_states(node3_entries=[('fencer', 'stonith', 'fence_dummy', None, [op('fencer', 'start', 0, 2, node='node3')]), ('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 7, 3, node='node3')])]))
c5['unfence-clone-node3-standby'] = cib(resources=UDEV + CL, states=unf_states(node3_entries=KNOWN_STOPPED, node3_attrs={'standby': 'on'}))
c5['unfence-clone-banned-node3'] = cib(resources=UDEV + CL, constraints='<rsc_location id="bn" rsc="dc" node="node3" score="-INFINITY"/>', states=unf_states(node3_entries=KNOWN_STOPPED))
c5['unfence-stopped-target-role'] = cib(resources=UDEV + '<clone id="dc"><meta_attributes id="dc-m"><nvpair id="dc-t" name="target-role" value="Stopped"/></meta_attributes>' + DUMMY + '</clone>', states=unf_states(node3_entries=KNOWN_STOPPED))
for name, xml in c5.items():
    with open(os.path.join(OUT, name + '.xml'), 'w') as f:
        f.write(xml)

# --- guests, containers, remote starts, odd states ---
c6 = {}
c6['remote-never-started'] = cib(resources=DEV + REMOTE + DUMMY)
c6['remote-never-started-entry'] = cib(resources=DEV + REMOTE + DUMMY).replace('</nodes>', '<node id="remote1" uname="remote1" type="remote"/></nodes>')
c6['guest-never-started'] = cib(resources=DEV + GUEST + DUMMY)
c6['bundle-no-network-child-failed'] = cib(resources=DEV + '<bundle id="web"><docker image="img" replicas="1"/><primitive id="httpd" class="ocf" provider="heartbeat" type="apache"/></bundle>',
    states=[state('1', 'node1', lrm_xml=lrm('node1', [('web-docker-0', 'ocf', 'docker', 'heartbeat', [op('web-docker-0', 'start', 0, 5, key='web-docker-0_start_0'), op('web-docker-0', 'monitor', 1, 7, interval=60000)])])), state('2', 'node2'), state('3', 'node3')])
STOPFENCE = '<primitive id="dummy" class="ocf" provider="heartbeat" type="Dummy"><operations><op id="d-stop" name="stop" interval="0" on-fail="fence"/></operations></primitive>'
def guest_with(entries, res=None, **kw):
    sts = [state('1', 'node1', lrm_xml=lrm('node1', [('vm1', 'ocf', 'VirtualDomain', 'heartbeat', [op('vm1', 'start', 0, 5)]), ('guest1', 'ocf', 'remote', 'pacemaker', [op('guest1', 'start', 0, 7)])])), state('2', 'node2'), state('3', 'node3')]
    sts.append('<node_state id="guest1" uname="guest1" remote_node="true" in_ccm="true">%s</node_state>' % lrm('guest1', entries))
    return cib(resources=res or (DEV + GUEST + DUMMY), states=sts, **kw)
c6['guest-failed-stop'] = guest_with(fail_stop('guest1'))
c6['guest-failed-monitor-fence'] = guest_with(fail_mon('guest1'), res=DEV + GUEST + DUMMY_OPS('<op id="d-mon" name="monitor" interval="10s" on-fail="fence"/>'))
c6['guest-failed-stop-fencing-disabled'] = guest_with(fail_stop('guest1'), props={'stonith-enabled': 'false'})
CONT = DEV + '<primitive id="box" class="ocf" provider="heartbeat" type="Dummy"/><primitive id="dummy" class="ocf" provider="heartbeat" type="Dummy"><meta_attributes id="d-m"><nvpair id="d-c" name="container" value="box"/></meta_attributes><operations><op id="d-mon" name="monitor" interval="10s"/></operations></primitive>'
c6['restart-container-failure'] = cib(resources=CONT, states=[state('1', 'node1', lrm_xml=lrm('node1', [started('box', 'node1'), ('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node1', key='dummy_start_0'), op('dummy', 'monitor', 1, 12, interval=10000, node='node1')])])), state('2', 'node2'), state('3', 'node3')])
c6['restart-container-failed-stop'] = cib(resources=CONT, states=[state('1', 'node1', lrm_xml=lrm('node1', [started('box', 'node1')] + fail_stop('node1'))), state('2', 'node2'), state('3', 'node3')])
PRIOG = DEV + GUEST + '<primitive id="dummy" class="ocf" provider="heartbeat" type="Dummy"><meta_attributes id="d-m"><nvpair id="d-p" name="priority" value="10"/></meta_attributes></primitive><primitive id="b" class="ocf" provider="heartbeat" type="Dummy"><meta_attributes id="b-m"><nvpair id="b-p" name="priority" value="1"/></meta_attributes></primitive>'
c6['priority-delay-guest-resources'] = cib(names=['node1', 'node2'], props={'priority-fencing-delay': '15'}, resources=PRIOG, dc='2', states=[
    state('1', 'node1', in_ccm='false', crmd='offline', join='down', lrm_xml=lrm('node1', [('vm1', 'ocf', 'VirtualDomain', 'heartbeat', [op('vm1', 'start', 0, 5)]), ('guest1', 'ocf', 'remote', 'pacemaker', [op('guest1', 'start', 0, 7)])])),
    state('2', 'node2', lrm_xml=lrm('node2', [started('b', 'node2')])),
    '<node_state id="guest1" uname="guest1" remote_node="true" in_ccm="true">%s</node_state>' % lrm('guest1', [started('dummy', 'guest1')])])
c6['pending-start-remote'] = remote_case([op('remote1', 'start', 0, 5), op('remote1', 'monitor', 1, 6, interval=30000)]).replace(started('dummy', 'remote1')[4][0], op('dummy', 'start', 0, -1, status=-1, node='remote1'))
c6['op-status-not-supported-fence'] = with_rsc({'node2': [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node2', key='dummy_start_0'), op('dummy', 'monitor', 3, 12, interval=10000, status=3, node='node2')])]}, resources=DEV + DUMMY_OPS('<op id="d-mon" name="monitor" interval="10s" on-fail="fence"/>'))
c6['op-status-cancelled'] = with_rsc({'node2': [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node2', key='dummy_start_0'), op('dummy', 'monitor', 1, 12, interval=10000, status=1, node='node2')])]}, resources=DEV + DUMMY_OPS('<op id="d-mon" name="monitor" interval="10s" on-fail="fence"/>'))
c6['unseen-dc'] = cib(dc='3', states=healthy(N3)[:2])
c6['two-unseen-one-lost'] = cib(names=['node1', 'node2', 'node3', 'node4'], states=[state('1', 'node1'), lost('2', 'node2')])
c6['lost-expected-missing'] = cib(states=healthy(N3, {'node2': state('2', 'node2', in_ccm='false', crmd='offline', join='down', expected=None)}))
c6['banned-shutdown'] = cib(states=healthy(N3, {'node2': state('2', 'node2', join='banned', attrs={'shutdown': '1'})}))
c6['stonith-enabled-invalid'] = cib(props={'stonith-enabled': 'maybe'}, states=healthy(N3, {'node2': lost('2', 'node2')}))
for name, xml in c6.items():
    with open(os.path.join(OUT, name + '.xml'), 'w') as f:
        f.write(xml)

# --- stops that cannot run ---
c9 = {}
def maint_down(entries):
    return cib(states=[state('1', 'node1'), state('2', 'node2', in_ccm='false', crmd='offline', join='down', expected='down', lrm_xml=lrm('node2', entries)), state('3', 'node3')]).replace('<node id="2" uname="node2"/>', '<node id="2" uname="node2"><instance_attributes id="n2-a"><nvpair id="n2-m" name="maintenance" value="on"/></instance_attributes></node>')
c9['maintenance-node-failed-resource'] = maint_down([('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 1, 10, node='node2')])])
c9['maintenance-node-healthy-resource'] = maint_down([started('dummy', 'node2')])
for name, xml in c9.items():
    with open(os.path.join(OUT, name + '.xml'), 'w') as f:
        f.write(xml)

# --- the rules of issue 15, one or more cases each ---
import hashlib
def digest(params):
    return hashlib.md5((' <parameters' + ''.join(' %s="%s"' % (k, params[k]) for k in sorted(params)) + '/>\n').encode()).hexdigest()
def dev_op(task, call, node, params, interval=0, rc=0, secure=None, version='3.0.14', target=None, digest_attr=True):
    target = (7 if task == 'monitor' and interval == 0 else 0) if target is None else target
    key = 'fencer_last_0' if interval == 0 else 'fencer_%s_%d' % (task, interval)
    extra = ''
    if digest_attr:
        p = dict(params)
        if interval:
            p['CRM_meta_timeout'] = '20000'
        extra = ' op-digest="%s"' % digest(p)
    if secure is not None:
        extra += ' op-secure-params=" %s " op-secure-digest="%s"' % (' '.join(secure), digest({k: v for k, v in params.items() if k not in secure}))
    return ('<lrm_rsc_op id="%s" operation_key="fencer_%s_%d" operation="%s" crm_feature_set="%s" transition-key="1:1:%d:00000000-0000-0000-0000-000000000000" '
            'transition-magic="0:%d;1:1:%d:00000000-0000-0000-0000-000000000000" call-id="%d" rc-code="%d" op-status="0" interval="%d" on_node="%s"%s/>'
            % (key, task, interval, task, version, target, rc, target, call, rc, interval, node, extra))
def udev(params, ops=''):
    return ('<primitive id="fencer" class="stonith" type="fence_dummy"><meta_attributes id="f-m"><nvpair id="f-p" name="provides" value="unfencing"/></meta_attributes>'
            '<instance_attributes id="f-i">%s</instance_attributes><operations>%s</operations></primitive>' % (nv('f-i', params), ops))
def unfenced_with_device(dev_ops_node1, dummy=True, extra_states=None, **kw):
    sts = []
    for i, n in enumerate(N3):
        entries = [('fencer', 'stonith', 'fence_dummy', None, dev_ops_node1 if n == 'node1' else [op('fencer', 'monitor', 7, 2, node=n)])]
        if dummy:
            entries.append(('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 7, 3, node=n)]))
        sts.append((extra_states or {}).get(n) or state(str(i + 1), n, attrs={'#node-unfenced': '1700000000'}, lrm_xml=lrm(n, entries)))
    return sts
OLD = {'ipaddr': '10.0.0.1', 'passwd': 'secret'}
r15 = {}
r15['sanitized-private-param-changed'] = cib(resources=udev({'ipaddr': '10.0.0.1', 'passwd': '****'}) + DUMMY,
    states=unfenced_with_device([dev_op('start', 4, 'node1', OLD, secure=['passwd'])]))
r15['sanitized-public-param-changed'] = cib(resources=udev({'ipaddr': '10.0.0.2', 'passwd': '****'}) + DUMMY,
    states=unfenced_with_device([dev_op('start', 4, 'node1', OLD, secure=['passwd'])]))
r15['sanitized-new-version-private-changed'] = cib(resources=udev({'ipaddr': '10.0.0.1', 'passwd': '****'}) + DUMMY,
    states=unfenced_with_device([dev_op('start', 4, 'node1', OLD, secure=['passwd'], version='3.16.2')]))
r15['device-digest-missing'] = cib(resources=udev(OLD) + DUMMY, states=unfenced_with_device([dev_op('start', 4, 'node1', OLD, digest_attr=False)]))
r15['device-recurring-digest-changed'] = cib(resources=udev(OLD, '<op id="f-mon" name="monitor" interval="60s"/>') + DUMMY,
    states=unfenced_with_device([dev_op('start', 4, 'node1', OLD), dev_op('monitor', 5, 'node1', {'ipaddr': '10.9.9.9'}, interval=60000)]))
r15['device-recurring-digest-same'] = cib(resources=udev(OLD, '<op id="f-mon" name="monitor" interval="60s"/>') + DUMMY,
    states=unfenced_with_device([dev_op('start', 4, 'node1', OLD), dev_op('monitor', 5, 'node1', OLD, interval=60000)]))
r15['device-recurring-not-configured'] = cib(resources=udev(OLD) + DUMMY,
    states=unfenced_with_device([dev_op('start', 4, 'node1', OLD), dev_op('monitor', 5, 'node1', {'ipaddr': '10.9.9.9'}, interval=60000)]))
r15['device-definition-changed-pending'] = cib(resources=udev(OLD).replace('type="fence_dummy"', 'type="fence_xvm"', 1) + DUMMY,
    states=unfenced_with_device([dev_op('start', 4, 'node1', OLD)], extra_states={'node1': state('1', 'node1', join='pending', attrs={'#node-unfenced': '1700000000'},
        lrm_xml=lrm('node1', [('fencer', 'stonith', 'fence_dummy', None, [dev_op('start', 4, 'node1', OLD)]), ('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 7, 3, node='node1')])]))}))
r15['device-definition-changed-standby'] = r15['device-definition-changed-pending'].replace('join="pending"', 'join="member"').replace(
    '<nvpair id="status-1-hnode-unfenced" name="#node-unfenced" value="1700000000"/>', '<nvpair id="status-1-hnode-unfenced" name="#node-unfenced" value="1700000000"/><nvpair id="status-1-standby" name="standby" value="on"/>')
r15['device-definition-changed-online'] = r15['device-definition-changed-pending'].replace('join="pending"', 'join="member"')
r15['orphaned-device-lost-node'] = cib(resources=DUMMY, states=healthy(N3, {
    'node1': state('1', 'node1', lrm_xml=lrm('node1', [('oldfence', 'stonith', 'fence_dummy', None, [op('oldfence', 'start', 0, 4)])])), 'node2': lost('2', 'node2')}))
r15['failed-stop-on-fail-stop'] = with_rsc({'node2': fail_stop('node2')}, resources=DEV + DUMMY_OPS('<op id="d-stop" name="stop" interval="0" on-fail="stop"/>'))
r15['failed-stop-on-fail-standby'] = with_rsc({'node2': fail_stop('node2')}, resources=DEV + DUMMY_OPS('<op id="d-stop" name="stop" interval="0" on-fail="standby"/>'))
def mon_entry(key=None, interval=10000, drop_key=False):
    e = op('dummy', 'monitor', 1, 12, interval=interval, node='node2')
    if key:
        e = e.replace('operation_key="dummy_monitor_%d"' % interval, 'operation_key="%s"' % key)
    if drop_key:
        e = e.replace(' operation_key="dummy_monitor_%d"' % interval, '')
    return [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node2', key='dummy_start_0'), e])]
FENCE_MON = DEV + DUMMY_OPS('<op id="d-mon" name="monitor" interval="10s" on-fail="fence"/>')
r15['on-fail-by-operation-key'] = with_rsc({'node2': mon_entry(key='dummy_monitor_10000', interval=20000)}, resources=FENCE_MON)
r15['on-fail-key-not-configured'] = with_rsc({'node2': mon_entry(key='dummy_monitor_20000', interval=10000)}, resources=FENCE_MON)
r15['on-fail-by-id-without-key'] = with_rsc({'node2': mon_entry(drop_key=True)}, resources=FENCE_MON)
r15['on-fail-disabled-op-applies'] = with_rsc({'node2': mon_entry()}, resources=DEV + DUMMY_OPS('<op id="d-mon" name="monitor" interval="10s" on-fail="fence" enabled="false"/>'))
r15['unfencing-device-requires-unfencing'] = cib(resources='<primitive id="fencer" class="stonith" type="fence_dummy"><meta_attributes id="f-m"><nvpair id="f-r" name="requires" value="unfencing"/></meta_attributes></primitive>' + DUMMY)
r15['unfencing-rsc-defaults-requires'] = cib(resources=DEV + DUMMY, rsc_defaults={'requires': 'unfencing'})
r15['guest-unfencing'] = guest_with([started('dummy', 'guest1')], res=UDEV + GUEST + DUMMY)
def remote_with(conn_ops, remote_attrs=None, host_lost=False, res=None, node_fenced=False, **kw):
    host = lost('1', 'node1', lrm_xml=lrm('node1', [('remote1', 'ocf', 'remote', 'pacemaker', conn_ops)])) if host_lost else state('1', 'node1', lrm_xml=lrm('node1', [('remote1', 'ocf', 'remote', 'pacemaker', conn_ops)]))
    ta = ''
    if remote_attrs:
        ta = '<transient_attributes id="remote1"><instance_attributes id="status-remote1">%s</instance_attributes></transient_attributes>' % nv('status-remote1', remote_attrs)
    nf = ' node_fenced="1"' if node_fenced else ''
    sts = [host, state('2', 'node2'), state('3', 'node3'),
           '<node_state id="remote1" uname="remote1" remote_node="true" in_ccm="true"%s>%s%s</node_state>' % (nf, ta, lrm('remote1', [started('dummy', 'remote1')]))]
    return cib(resources=res or (DEV + REMOTE + DUMMY), states=sts, dc='2', **kw)
r15['remote-shutdown-host-lost'] = remote_with([op('remote1', 'start', 0, 5)], remote_attrs={'shutdown': '1700000000'}, host_lost=True)
r15['remote-host-lost'] = remote_with([op('remote1', 'start', 0, 5)], host_lost=True)
RECONNECT = DEV + REMOTE.replace('<operations>', '<instance_attributes id="r-i"><nvpair id="r-ri" name="reconnect_interval" value="60s"/></instance_attributes><operations>') + DUMMY
def conn_failed_stop(t):
    return [op('remote1', 'start', 0, 5), op('remote1', 'stop', 1, 6, key='remote1_last_failure_0').replace('on_node="node1"', 'on_node="node1" last-rc-change="%d"' % t)]
r15['remote-reconnect-failed-stop-expired'] = remote_with(conn_failed_stop(1700000000), res=RECONNECT, root_extra=' execution-date="1700000600"')
r15['remote-reconnect-failed-stop-recent'] = remote_with(conn_failed_stop(1700000000), res=RECONNECT, root_extra=' execution-date="1700000030"')
r15['remote-failed-stop-no-reconnect'] = remote_with(conn_failed_stop(1700000000), root_extra=' execution-date="1700000600"')
def remote_unfence(digests_all, digests_secure=None):
    attrs = {'#node-unfenced': '1700000000', '#digests-all': digests_all}
    if digests_secure is not None:
        attrs['#digests-secure'] = digests_secure
    sts = []
    for i, n in enumerate(N3):
        sts.append(state(str(i + 1), n, attrs={'#node-unfenced': '1700000000'}, lrm_xml=lrm(n, [('fencer', 'stonith', 'fence_dummy', None, [op('fencer', 'monitor', 7, 2, node=n)]),
            ('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 7, 3, node=n)])] + ([('remote1', 'ocf', 'remote', 'pacemaker', [op('remote1', 'start', 0, 5)])] if n == 'node1' else [('remote1', 'ocf', 'remote', 'pacemaker', [op('remote1', 'monitor', 7, 4, node=n)])]))))
    ta = '<transient_attributes id="remote1"><instance_attributes id="status-remote1">%s</instance_attributes></transient_attributes>' % nv('status-remote1', attrs)
    sts.append('<node_state id="remote1" uname="remote1" remote_node="true" in_ccm="true">%s%s</node_state>' % (ta, lrm('remote1', [('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 7, 3, node='remote1')])])))
    return cib(resources=udev(OLD) + REMOTE + DUMMY, states=sts)
r15['remote-unfence-digest-matches'] = remote_unfence('fencer:fence_dummy:%s,' % digest(OLD))
r15['remote-unfence-digest-changed'] = remote_unfence('fencer:fence_dummy:%s,' % digest({'ipaddr': '10.9.9.9', 'passwd': 'secret'}))
r15['remote-unfence-secure-digest-matches'] = remote_unfence('fencer:fence_dummy:%s,' % digest({'ipaddr': '10.0.0.1', 'passwd': 'other'}), 'fencer:fence_dummy:%s,' % digest({'ipaddr': '10.0.0.1'}))
def conn_migrate(node2_lost=True, finished=False):
    src = [op('remote1', 'start', 0, 5), mop('migrate_to', 0, 6, 'node1', 'node1', 'node2', 'remote1_last_0').replace('vm_', 'remote1_')]
    node2 = lost('2', 'node2', lrm_xml=lrm('node2', [('remote1', 'ocf', 'remote', 'pacemaker', [mop('migrate_from', 0, 7, 'node2', 'node1', 'node2', 'remote1_last_0').replace('vm_', 'remote1_')])]) if finished else '') if node2_lost else state('2', 'node2')
    sts = [state('1', 'node1', lrm_xml=lrm('node1', [('remote1', 'ocf', 'remote', 'pacemaker', src)])), node2, state('3', 'node3'),
           '<node_state id="remote1" uname="remote1" remote_node="true" in_ccm="true">%s</node_state>' % lrm('remote1', [started('dummy', 'remote1')])]
    return cib(resources=DEV + REMOTE + DUMMY, states=sts)
r15['remote-half-migrated-target-lost'] = conn_migrate()
r15['remote-migrated-target-lost'] = conn_migrate(finished=True)
MAINT = lambda x: x.replace('<node id="1" uname="node1"/>', '<node id="1" uname="node1"><instance_attributes id="n1-a"><nvpair id="n1-m" name="maintenance" value="true"/></instance_attributes></node>')
r15['maintenance-host-guest-not-fenced'] = MAINT(guest_case([op('vm1', 'start', 0, 5), op('vm1', 'monitor', 1, 6, interval=30000)]))
r15['maintenance-host-remote-inquorate'] = MAINT(remote_with([op('remote1', 'start', 0, 5)], quorum='0', res=DEV + REMOTE + DUMMY_OPS('<op id="d-mon" name="monitor" interval="10s" on-fail="fence"/>')).replace(
    started('dummy', 'remote1')[4][0], started('dummy', 'remote1')[4][0] + op('dummy', 'monitor', 1, 12, interval=10000, node='remote1')))
r15['remote-inquorate'] = remote_with([op('remote1', 'start', 0, 5)], quorum='0', res=DEV + REMOTE + DUMMY_OPS('<op id="d-mon" name="monitor" interval="10s" on-fail="fence"/>')).replace(
    started('dummy', 'remote1')[4][0], started('dummy', 'remote1')[4][0] + op('dummy', 'monitor', 1, 12, interval=10000, node='remote1'))
def unf_known(node3_unfenced=False, constraints='', dummy_res=DUMMY, node3_dummy=None, **kw):
    sts = []
    for i, n in enumerate(N3):
        attrs = {'#node-unfenced': '1700000000'} if (n != 'node3' or node3_unfenced) else None
        dent = node3_dummy if (n == 'node3' and node3_dummy) else ('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 7, 3, node=n)])
        sts.append(state(str(i + 1), n, attrs=attrs, lrm_xml=lrm(n, [('fencer', 'stonith', 'fence_dummy', None, [op('fencer', 'monitor', 7, 2, node=n)] if n != 'node1' else [dev_op('start', 2, n, {})]), dent])))
    return cib(resources=UDEV + dummy_res, states=sts, constraints=constraints, **kw)
r15['unfence-start-placed-here'] = unf_known(constraints='<rsc_location id="p3" rsc="dummy" node="node3" score="INFINITY"/>')
r15['unfence-start-placed-elsewhere'] = unf_known(constraints='<rsc_location id="p1" rsc="dummy" node="node1" score="INFINITY"/>')
r15['unfence-blocked-stop'] = unf_known(dummy_res=DUMMY_OPS('<op id="d-stop" name="stop" interval="0" on-fail="block"/>'),
    node3_dummy=('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'start', 0, 10, node='node3'), op('dummy', 'stop', 1, 11, node='node3', key='dummy_last_failure_0')]))
r15['unfence-nothing-managed'] = unf_known(props={'maintenance-mode': 'true'})
for name, xml in r15.items():
    with open(os.path.join(OUT, name + '.xml'), 'w') as f:
        f.write(xml)
print(len(r15))
r15b = {}
MAINT3 = lambda x: x.replace('<node id="3" uname="node3"/>', '<node id="3" uname="node3"><instance_attributes id="n3-a"><nvpair id="n3-m" name="maintenance" value="true"/></instance_attributes></node>')
r15b['maintenance-node-unmanaged-start-unfences'] = MAINT3(unf_known(node3_dummy=started('dummy', 'node3')))
def guest_down_case(**kw):
    sts = [state('1', 'node1', attrs={'#node-unfenced': '1700000000'}, lrm_xml=lrm('node1', [('fencer', 'stonith', 'fence_dummy', None, [dev_op('start', 2, 'node1', {})]),
        ('vm1', 'ocf', 'VirtualDomain', 'heartbeat', [op('vm1', 'start', 0, 5)]), ('guest1', 'ocf', 'remote', 'pacemaker', [op('guest1', 'monitor', 7, 7)])]))]
    for i, n in enumerate(N3[1:]):
        sts.append(state(str(i + 2), n, attrs={'#node-unfenced': '1700000000'}, lrm_xml=lrm(n, [('fencer', 'stonith', 'fence_dummy', None, [op('fencer', 'monitor', 7, 2, node=n)]),
            ('vm1', 'ocf', 'VirtualDomain', 'heartbeat', [op('vm1', 'monitor', 7, 3, node=n)]), ('guest1', 'ocf', 'remote', 'pacemaker', [op('guest1', 'monitor', 7, 4, node=n)])])))
    return cib(resources=UDEV + GUEST + DUMMY, states=sts, **kw)
r15b['guest-connection-down-host-online'] = guest_down_case()
r15b['guest-connection-down-host-maintenance'] = MAINT(guest_down_case())
def freeze_promoted(new_device=True):
    promo = UDEV + '<clone id="ms"><meta_attributes id="ms-m"><nvpair id="ms-p" name="promotable" value="true"/></meta_attributes><primitive id="st" class="ocf" provider="pacemaker" type="Stateful"/></clone>'
    extra = '<primitive id="fencer2" class="stonith" type="fence_dummy"/>' if new_device else ''
    sts = [state('1', 'node1', lrm_xml=lrm('node1', [('fencer', 'stonith', 'fence_dummy', None, [dev_op('start', 2, 'node1', {})]), ('st', 'ocf', 'Stateful', 'pacemaker', [op('st', 'promote', 0, 6, node='node1')])])),
           state('2', 'node2', lrm_xml=lrm('node2', [('fencer', 'stonith', 'fence_dummy', None, [op('fencer', 'monitor', 7, 2, node='node2')]), ('st', 'ocf', 'Stateful', 'pacemaker', [op('st', 'start', 0, 5, node='node2')])]))]
    return cib(names=['node1', 'node2'], resources=promo + extra, states=sts,
               constraints='<rsc_ticket id="t1" ticket="tk" rsc="ms" rsc-role="Promoted" loss-policy="freeze"/>', tickets='<tickets><ticket_state id="tk" granted="false"/></tickets>')
r15b['ticket-freeze-promoted-instance-only'] = freeze_promoted()
UDUMMY = '<primitive id="dummy" class="ocf" provider="heartbeat" type="Dummy"><utilization id="d-u"><nvpair id="d-cpu" name="cpu" value="1"/></utilization></primitive>'
def util_case(strategy, node3_cpu=None):
    x = unf_known(dummy_res=UDUMMY, constraints='<rsc_location id="p3" rsc="dummy" node="node3" score="INFINITY"/>', props={'placement-strategy': strategy})
    if node3_cpu is not None:
        x = x.replace('<node id="3" uname="node3"/>', '<node id="3" uname="node3"><utilization id="n3-u"><nvpair id="n3-cpu" name="cpu" value="%s"/></utilization></node>' % node3_cpu)
    return x
r15b['utilization-no-capacity-no-start'] = util_case('balanced')
r15b['utilization-too-little-capacity'] = util_case('utilization', '0')
r15b['utilization-capacity-start'] = util_case('minimal', '2')
r15b['utilization-default-strategy-ignored'] = util_case('default')
r15b['guest-container-no-capacity'] = guest_down_case(props={'placement-strategy': 'balanced'}).replace('<primitive id="vm1" class="ocf" provider="heartbeat" type="VirtualDomain">', '<primitive id="vm1" class="ocf" provider="heartbeat" type="VirtualDomain"><utilization id="vm1-u"><nvpair id="vm1-mem" name="hv_memory" value="100"/></utilization>')
# Execution date 1700000000 is Tuesday 2023-11-14 22:13:20 UTC.
def date_rule(inner, op='and'):
    cons = '<rsc_location id="p3" rsc="dummy"><rule id="p3-r" score="INFINITY" boolean-op="%s"><expression id="p3-e" attribute="#uname" operation="eq" value="node3"/>%s</rule></rsc_location>' % (op, inner)
    return unf_known(constraints=cons, root_extra=' execution-date="1700000000"')
DATES = {
    'in-range': '<date_expression id="d" operation="in_range" start="2023-11-14 12:00:00 -05:00" end="2023-11-15"/>',
    'in-range-before': '<date_expression id="d" operation="in_range" start="2023-11-14T23:00:00Z"/>',
    'in-range-duration': '<date_expression id="d" operation="in_range" start="2023-10-14 22:00:00"><duration id="d-d" months="1" minutes="14"/></date_expression>',
    'in-range-duration-expired': '<date_expression id="d" operation="in_range" start="2023-10-14 22:00:00"><duration id="d-d" months="1" minutes="13"/></date_expression>',
    'gt-ordinal': '<date_expression id="d" operation="gt" start="2023-318"/>',
    'lt-week-date': '<date_expression id="d" operation="lt" end="2023-W46-3"/>',
    'lt-invalid': '<date_expression id="d" operation="lt" end="2023-13-01"/>',
    'spec-hours-weekdays': '<date_expression id="d" operation="date_spec"><date_spec id="d-s" hours="20-23" weekdays="2"/></date_expression>',
    'spec-miss': '<date_expression id="d" operation="date_spec"><date_spec id="d-s" monthdays="-13"/></date_expression>',
}
DATES['in-range-attached-offset'] = '<date_expression id="d" operation="in_range" start="2023-11-14T21:00:00+05:00"/>'
DATES['lt-local-evening'] = '<date_expression id="d" operation="lt" end="2023-11-14 19:00:00"/>'
DATES['lt-space-no-offset'] = '<date_expression id="d" operation="lt" end="2023-11-14 23:00:00 x"/>'
for k, v in DATES.items():
    r15b['location-date-' + k] = date_rule(v)
r15b['location-date-nested-or'] = date_rule('<rule id="n" score="0" boolean-op="or"><date_expression id="d1" operation="lt" end="2020-01-01"/><date_expression id="d2" operation="gt" start="epoch"/></rule>')
r15b['location-date-other-expression'] = date_rule('<rsc_expression id="x" class="ocf"/>', op='or')
def sets_case(meta_sets, node3_sets=''):
    res = '<primitive id="dummy" class="ocf" provider="heartbeat" type="Dummy">%s</primitive>' % meta_sets
    x = unf_known(dummy_res=res, constraints='<rsc_location id="p3" rsc="dummy" node="node3" score="INFINITY"/>', root_extra=' execution-date="1700000000"')
    if node3_sets:
        x = x.replace('<node id="3" uname="node3"/>', '<node id="3" uname="node3">%s</node>' % node3_sets)
    return x
def mset(sid, value, score=None, rule=''):
    sc = ' score="%s"' % score if score is not None else ''
    return '<meta_attributes id="%s"%s>%s<nvpair id="%s-t" name="target-role" value="%s"/></meta_attributes>' % (sid, sc, rule, sid, value)
r15b['sets-equal-score-last-wins'] = sets_case(mset('m1', 'Stopped') + mset('m2', 'Started'))
r15b['sets-equal-score-last-wins-stopped'] = sets_case(mset('m1', 'Started') + mset('m2', 'Stopped'))
r15b['sets-higher-score-wins'] = sets_case(mset('m1', 'Started', 10) + mset('m2', 'Stopped', 5))
r15b['sets-default-value-removes'] = sets_case(mset('m1', 'Stopped', 10) + mset('m2', '#default', 5))
r15b['sets-rule-date-holds'] = sets_case(mset('m1', 'Stopped') + mset('m2', 'Started', 0, '<rule id="m2-r" score="0"><date_expression id="m2-d" operation="lt" end="2024-01-01"/></rule>'))
r15b['sets-rule-date-fails'] = sets_case(mset('m1', 'Stopped') + mset('m2', 'Started', 0, '<rule id="m2-r" score="0"><date_expression id="m2-d" operation="gt" start="2024-01-01"/></rule>'))
r15b['sets-rule-node-attribute-fails'] = sets_case(mset('m1', 'Stopped') + mset('m2', 'Started', 0, '<rule id="m2-r" score="0"><expression id="m2-e" attribute="#uname" operation="eq" value="node3"/></rule>'))
STBY = lambda sid, v, score, rule='': '<instance_attributes id="%s" score="%s">%s<nvpair id="%s-s" name="standby" value="%s"/></instance_attributes>' % (sid, score, rule, sid, v)
r15b['node-standby-by-date-rule'] = sets_case('', STBY('n3a', 'off', 2) + STBY('n3b', 'on', 20, '<rule id="n3b-r" score="INFINITY"><date_expression id="n3b-d" operation="in_range" start="2023-11-01" end="2023-12-01"/></rule>'))
r15b['node-standby-date-rule-expired'] = sets_case('', STBY('n3a', 'off', 2) + STBY('n3b', 'on', 20, '<rule id="n3b-r" score="INFINITY"><date_expression id="n3b-d" operation="in_range" start="2023-10-01" end="2023-11-01"/></rule>'))
def device_moves(pref):
    sts = [lost('1', 'node1', lrm_xml=lrm('node1', [('fencer', 'stonith', 'fence_dummy', None, [dev_op('start', 2, 'node1', {})])]))]
    for i, n in enumerate(N3[1:]):
        attrs = {'#node-unfenced': '1700000000'} if n == 'node2' else None
        sts.append(state(str(i + 2), n, attrs=attrs, lrm_xml=lrm(n, [('fencer', 'stonith', 'fence_dummy', None, [op('fencer', 'monitor', 7, 2, node=n)])])))
    return cib(resources=UDEV, states=sts, dc='2', constraints='<rsc_location id="pf" rsc="fencer" node="%s" score="100"/>' % pref)
r15b['unfence-device-moves-off-lost-node'] = device_moves('node3')
r15b['unfence-device-moves-to-unfenced-node'] = device_moves('node2')
OTHER = '<primitive id="other" class="ocf" provider="heartbeat" type="Dummy"/>'
def loaded(res, **kw):
    ids = ['dummy', 'dummy2'] if 'dummy2' in res else ['dummy']
    sts = []
    for i, n in enumerate(N3):
        attrs = {'#node-unfenced': '1700000000'} if n != 'node3' else None
        ents = [('fencer', 'stonith', 'fence_dummy', None, [op('fencer', 'monitor', 7, 2, node=n)] if n != 'node1' else [dev_op('start', 2, n, {})])]
        ents += [(d, 'ocf', 'Dummy', 'heartbeat', [op(d, 'monitor', 7, 3, node=n)]) for d in ids]
        ents.append(('other', 'ocf', 'Dummy', 'heartbeat', [op('other', 'start', 0, 4, node=n)] if n == 'node2' else [op('other', 'monitor', 7, 4, node=n)]))
        sts.append(state(str(i + 1), n, attrs=attrs, lrm_xml=lrm(n, ents)))
    return cib(resources=UDEV + res + OTHER, states=sts, **kw)
GROUP = '<group id="g">' + DUMMY + '<primitive id="dummy2" class="ocf" provider="heartbeat" type="Dummy"/></group>'
r15b['unfence-start-least-loaded'] = loaded(DUMMY)
r15b['unfence-start-minimal-strategy'] = loaded(DUMMY, props={'placement-strategy': 'minimal'})
r15b['unfence-group-start-least-loaded'] = loaded(GROUP)
r15b['unfence-group-start-minimal-strategy'] = loaded(GROUP, props={'placement-strategy': 'minimal'})
for name, xml in r15b.items():
    with open(os.path.join(OUT, name + '.xml'), 'w') as f:
        f.write(xml)
print(len(r15b))
# Date rules in other time zones: zoned/ZONE/NAME.xml is evaluated by
# crm_simulate run with TZ=ZONE (see README.md).
ZONED = os.path.join(os.path.dirname(OUT), 'zoned')
for zone in ('Asia/Tokyo', 'America/New_York', 'America/St_Johns'):
    d = os.path.join(ZONED, zone)
    os.makedirs(d, exist_ok=True)
    for k, v in DATES.items():
        with open(os.path.join(d, 'location-date-' + k + '.xml'), 'w') as f:
            f.write(date_rule(v))
    with open(os.path.join(d, 'node-standby-by-date-rule.xml'), 'w') as f:
        f.write(r15b['node-standby-by-date-rule'])
# Placement: a clone's instances within clone-max, probes on a guest that
# will stop, resources staying on a guest.
r16 = {}
CLMAX = lambda: '<clone id="dc"><meta_attributes id="dc-m"><nvpair id="dc-max" name="clone-max" value="2"/></meta_attributes>' + DUMMY + '</clone>'
r16['unfence-clone-max-placed-by-score'] = cib(resources=UDEV + CLMAX(), states=unf_states(node3_entries=KNOWN_STOPPED),
    constraints='<rsc_location id="l1" rsc="dc" node="node1" score="100"/><rsc_location id="l2" rsc="dc" node="node2" score="100"/>')
BASE = '<clone id="bc"><primitive id="base" class="ocf" provider="heartbeat" type="Dummy"/></clone>'
BASE_KNOWN = KNOWN_STOPPED + [('base', 'ocf', 'Dummy', 'heartbeat', [op('base', 'monitor', 7, 4, node='node3')])]
r16['unfence-clone-colocated-with-banned-clone'] = cib(resources=UDEV + CL + BASE, states=unf_states(node3_entries=BASE_KNOWN),
    constraints='<rsc_location id="bb" rsc="bc" node="node3" score="-INFINITY"/><rsc_colocation id="cw" rsc="dc" with-rsc="bc" score="INFINITY"/>')
r16['unfence-clone-colocated-optional'] = cib(resources=UDEV + CL + BASE, states=unf_states(node3_entries=BASE_KNOWN),
    constraints='<rsc_location id="bb" rsc="bc" node="node3" score="-INFINITY"/><rsc_colocation id="cw" rsc="dc" with-rsc="bc" score="100"/>')
def guest_host_lost(guest_entries=None, dummy_where='node2', constraints=''):
    sts = [lost('1', 'node1', lrm_xml=lrm('node1', [('fencer', 'stonith', 'fence_dummy', None, [dev_op('start', 2, 'node1', {})]),
        ('vm1', 'ocf', 'VirtualDomain', 'heartbeat', [op('vm1', 'start', 0, 5)]), ('guest1', 'ocf', 'remote', 'pacemaker', [op('guest1', 'start', 0, 7)])]))]
    for i, n in enumerate(N3[1:]):
        d = started('dummy', n) if n == dummy_where else ('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 7, 9, node=n)])
        sts.append(state(str(i + 2), n, attrs={'#node-unfenced': '1700000000'}, lrm_xml=lrm(n, [('fencer', 'stonith', 'fence_dummy', None, [op('fencer', 'monitor', 7, 2, node=n)]),
            ('vm1', 'ocf', 'VirtualDomain', 'heartbeat', [op('vm1', 'monitor', 7, 3, node=n)]), ('guest1', 'ocf', 'remote', 'pacemaker', [op('guest1', 'monitor', 7, 4, node=n)]), d])))
    sts.append('<node_state id="guest1" uname="guest1" remote_node="true">%s</node_state>' % (lrm('guest1', guest_entries) if guest_entries else ''))
    return cib(resources=UDEV + GUEST + DUMMY, states=sts, dc='2', constraints=constraints)
r16['guest-reset-no-probe'] = guest_host_lost(constraints='<rsc_location id="d2" rsc="dummy" node="node2" score="INFINITY"/>')
r16['guest-reset-resource-stays'] = guest_host_lost(guest_entries=[started('dummy', 'guest1')], dummy_where=None)
UCL = '<clone id="dc"><meta_attributes id="dc-m"><nvpair id="dc-u" name="globally-unique" value="true"/><nvpair id="dc-max" name="clone-max" value="2"/></meta_attributes>' + DUMMY + '</clone>'
def unique_known(ids):
    return FENCER_KNOWN + [(i, 'ocf', 'Dummy', 'heartbeat', [op(i, 'monitor', 7, 3 + k, node='node3')]) for k, i in enumerate(ids)]
BAN3 = '<rsc_location id="b3" rsc="dc" node="node3" score="-INFINITY"/>'
r16['unfence-unique-clone-instance-unknown'] = cib(resources=UDEV + UCL, states=unf_states(node3_entries=unique_known(['dummy:0'])), constraints=BAN3)
r16['unfence-unique-clone-all-known'] = cib(resources=UDEV + UCL, states=unf_states(node3_entries=unique_known(['dummy:0', 'dummy:1'])), constraints=BAN3)
r16['unfence-clone-node-max-0'] = cib(resources=UDEV + CL.replace('<clone id="dc">', '<clone id="dc"><meta_attributes id="dc-m"><nvpair id="dc-nm" name="clone-node-max" value="0"/></meta_attributes>'), states=unf_states(node3_entries=KNOWN_STOPPED))
def conn_stop_timeout_on_lost(also_on_node2):
    failed = [op('remote1', 'start', 0, 5), op('remote1', 'stop', 1, 6, status=2, key='remote1_last_failure_0').replace('on_node="node1"', 'on_node="node1" last-rc-change="1700000000"')]
    n2 = [('remote1', 'ocf', 'remote', 'pacemaker', [op('remote1', 'start', 0, 8, node='node2')])] if also_on_node2 else []
    sts = [lost('1', 'node1', lrm_xml=lrm('node1', [('remote1', 'ocf', 'remote', 'pacemaker', failed)])), state('2', 'node2', lrm_xml=lrm('node2', n2)), state('3', 'node3'),
           '<node_state id="remote1" uname="remote1" remote_node="true" in_ccm="true">%s</node_state>' % lrm('remote1', [started('dummy', 'remote1')])]
    return cib(resources=RECONNECT, states=sts, dc='2', root_extra=' execution-date="1700000030"')
r16['remote-stop-timeout-on-lost-active-elsewhere'] = conn_stop_timeout_on_lost(True)
r16['remote-stop-timeout-on-lost-only'] = conn_stop_timeout_on_lost(False)
def rebalance(stickiness):
    d2 = DUMMY.replace('dummy', 'dummy2')
    sts = []
    for i, n in enumerate(N3):
        attrs = {'#node-unfenced': '1700000000'} if n != 'node3' else None
        ents = [('fencer', 'stonith', 'fence_dummy', None, [dev_op('start', 2, n, {})] if n == 'node1' else [op('fencer', 'monitor', 7, 2, node=n)])]
        ents.append(started('dummy', n) if n == 'node1' else ('dummy', 'ocf', 'Dummy', 'heartbeat', [op('dummy', 'monitor', 7, 3, node=n)]))
        ents.append(started('dummy2', n, call=11) if n == 'node2' else ('dummy2', 'ocf', 'Dummy', 'heartbeat', [op('dummy2', 'monitor', 7, 4, node=n)]))
        sts.append(state(str(i + 1), n, attrs=attrs, lrm_xml=lrm(n, ents)))
    return cib(resources=UDEV + DUMMY + d2, states=sts, rsc_defaults={'resource-stickiness': stickiness} if stickiness else None)
r16['unfence-rebalance-stickiness-0'] = rebalance(None)
r16['unfence-rebalance-stickiness-1'] = rebalance('1')
def util_used_up(strategy):
    def prim(rid, prio):
        return ('<primitive id="%s" class="ocf" provider="heartbeat" type="Dummy"><meta_attributes id="%s-m"><nvpair id="%s-p" name="priority" value="%d"/></meta_attributes>'
                '<utilization id="%s-u"><nvpair id="%s-cpu" name="cpu" value="2"/></utilization></primitive>' % (rid, rid, rid, prio, rid, rid))
    sts = []
    for i, n in enumerate(N3):
        attrs = {'#node-unfenced': '1700000000'} if n != 'node3' else None
        ents = [('fencer', 'stonith', 'fence_dummy', None, [dev_op('start', 2, n, {})] if n == 'node1' else [op('fencer', 'monitor', 7, 2, node=n)])]
        ents += [(d, 'ocf', 'Dummy', 'heartbeat', [op(d, 'monitor', 7, 3 + k, node=n)]) for k, d in enumerate(['da', 'db'])]
        sts.append(state(str(i + 1), n, attrs=attrs, lrm_xml=lrm(n, ents)))
    x = cib(resources=UDEV + prim('db', 0) + prim('da', 10), states=sts, props={'placement-strategy': strategy},
        constraints='<rsc_location id="a1" rsc="da" node="node1" score="100"/><rsc_location id="b1" rsc="db" node="node1" score="100"/><rsc_location id="b2" rsc="db" node="node2" score="-INFINITY"/>')
    for i in range(1, 4):
        x = x.replace('<node id="%d" uname="node%d"/>' % (i, i), '<node id="%d" uname="node%d"><utilization id="n%d-u"><nvpair id="n%d-cpu" name="cpu" value="2"/></utilization></node>' % (i, i, i, i))
    return x
r16['unfence-utilization-used-up'] = util_used_up('utilization')
r16['unfence-utilization-default-strategy'] = util_used_up('default')
r16['unfence-utilization-balanced'] = util_used_up('balanced')
r16['unfence-utilization-minimal'] = util_used_up('minimal')
def bundle_colocated(anchor_score, util=False):
    # web (2 replicas) must run with anchor, which prefers node3: replica 0
    # (on node1) moves there first, so replica 1, whose host node2 is lost,
    # has nowhere to go.
    u = '<utilization id="h-u"><nvpair id="h-cpu" name="cpu" value="2"/></utilization>' if util else ''
    au = '<utilization id="a-u"><nvpair id="a-cpu" name="cpu" value="1"/></utilization>' if util else ''
    res = (DEV + '<bundle id="web"><docker image="img" replicas="2"/><network control-port="3121"/><primitive id="httpd" class="ocf" provider="heartbeat" type="apache">%s</primitive></bundle>' % u +
           '<primitive id="anchor" class="ocf" provider="heartbeat" type="Dummy">%s</primitive>' % au)
    cons = '<rsc_colocation id="wa" rsc="web" with-rsc="anchor" score="INFINITY"/><rsc_location id="a3" rsc="anchor" node="node3" score="%s"/>' % anchor_score
    sts = [state('1', 'node1', lrm_xml=lrm('node1', [('web-docker-0', 'ocf', 'docker', 'heartbeat', [op('web-docker-0', 'start', 0, 5)]), ('web-0', 'ocf', 'remote', 'pacemaker', [op('web-0', 'start', 0, 6)]), started('anchor', 'node1', call=7)])),
           lost('2', 'node2', lrm_xml=lrm('node2', [('web-docker-1', 'ocf', 'docker', 'heartbeat', [op('web-docker-1', 'start', 0, 5, node='node2')]), ('web-1', 'ocf', 'remote', 'pacemaker', [op('web-1', 'start', 0, 6, node='node2')])])),
           state('3', 'node3'),
           '<node_state id="web-0" uname="web-0" remote_node="true" in_ccm="true">%s</node_state>' % lrm('web-0', [started('httpd', 'web-0')]),
           '<node_state id="web-1" uname="web-1" remote_node="true" in_ccm="true">%s</node_state>' % lrm('web-1', [started('httpd', 'web-1')])]
    x = cib(resources=res, states=sts, constraints=cons, dc='1', props={'placement-strategy': 'utilization'} if util else None)
    if util:
        for i, cpu in ((1, 4), (2, 4), (3, 3)):
            x = x.replace('<node id="%d" uname="node%d"/>' % (i, i), '<node id="%d" uname="node%d"><utilization id="n%d-u"><nvpair id="n%d-cpu" name="cpu" value="%d"/></utilization></node>' % (i, i, i, i, cpu))
    return x
r16['bundle-colocated-replica-order'] = bundle_colocated('100')
r16['bundle-colocated-primary-stays'] = bundle_colocated('0')
r16['bundle-colocated-utilization'] = bundle_colocated('100', util=True)
def bundle_unfence_stuck_guest(promoted):
    # As bundle-colocated-replica-order, with unfencing: web-1's container
    # cannot start again, but its connection is still assigned a node, so
    # the guest is unfenced for the start of its instance's recovery,
    # unless that instance is promoted (it is demoted, not started).
    x = bundle_colocated('100').replace(DEV, UDEV)
    if promoted:
        x = x.replace('<docker image="img" replicas="2"/>', '<docker image="img" replicas="2" promoted-max="2"/>')
        x = x.replace(started('httpd', 'web-1')[4][0], op('httpd', 'promote', 0, 10, node='web-1'))
    return x
r16['bundle-stuck-guest-unfenced'] = bundle_unfence_stuck_guest(False)
r16['bundle-stuck-guest-promoted-not-unfenced'] = bundle_unfence_stuck_guest(True)
for name, xml in r16.items():
    with open(os.path.join(OUT, name + '.xml'), 'w') as f:
        f.write(xml)
print(len(r16))
# Guests whose launcher has a dangling migration, and finite colocations.
r17 = {}
def guest_dangling(failed_to_rc=1):
    # vm1 runs on node1 (lost); a migrate_to from node2 failed, and vm1's
    # state on the target is unknown: the migration dangles on node2,
    # whose stop is created before the stop implied on node1, so the
    # guest's pseudo fencing follows node1's. The guest (vguest) comes
    # after node1 in name order. (Were vm1 known on the target, it would
    # run there too, and which stop is created last would depend on the
    # order of the status entries, as it does in Pacemaker.)
    g = GUEST.replace('value="guest1"', 'value="vguest"')
    mig = mop('migrate_to', failed_to_rc, 9, 'node2', 'node2', 'node3', 'vm1_last_failure_0').replace('vm_', 'vm1_')
    sts = [lost('1', 'node1', lrm_xml=lrm('node1', [('vm1', 'ocf', 'VirtualDomain', 'heartbeat', [op('vm1', 'start', 0, 5)]), ('vguest', 'ocf', 'remote', 'pacemaker', [op('vguest', 'start', 0, 7)])])),
           state('2', 'node2', lrm_xml=lrm('node2', [('vm1', 'ocf', 'VirtualDomain', 'heartbeat', [op('vm1', 'monitor', 7, 3, node='node2'), mig])])),
           state('3', 'node3'),
           '<node_state id="vguest" uname="vguest" remote_node="true" in_ccm="true">%s</node_state>' % lrm('vguest', [started('dummy', 'vguest')])]
    return cib(resources=DEV + g + DUMMY, states=sts, dc='2')
r17['guest-launcher-dangling-migration'] = guest_dangling()
r17['guest-launcher-dangling-migration-rc8'] = guest_dangling(failed_to_rc=8)
def groups_colocated(score, stickiness, g1_on='node1', g2_on='node1'):
    # Two groups of two members, every resource already probed on every
    # node and no node unfenced yet, so a node is unfenced only for a
    # start placed on it. g1 is colocated with g2 by a finite score; g2
    # takes the scores of g1's members into account (the second member's
    # at full strength, through the group's internal colocation): with
    # stickiness INFINITY g2 moves away from g1; with 100, g2 stays and g1
    # (200 on node1, less 500) moves; with +500, g2 starts where g1 runs.
    def grp(gid, ids):
        return '<group id="%s">%s</group>' % (gid, ''.join('<primitive id="%s" class="ocf" provider="heartbeat" type="Dummy"/>' % i for i in ids))
    res = UDEV + grp('g1', ['d1a', 'd1b']) + grp('g2', ['d2a', 'd2b'])
    runs = {'d1a': g1_on, 'd1b': g1_on, 'd2a': g2_on, 'd2b': g2_on}
    sts = []
    for i, n in enumerate(N3):
        ents = [('fencer', 'stonith', 'fence_dummy', None, [op('fencer', 'start', 0, 2, node=n)] if n == 'node1' else [op('fencer', 'monitor', 7, 2, node=n)])]
        for k, rid in enumerate(['d1a', 'd1b', 'd2a', 'd2b']):
            ents.append(started(rid, n, call=10 + k) if runs[rid] == n else (rid, 'ocf', 'Dummy', 'heartbeat', [op(rid, 'monitor', 7, 3 + k, node=n)]))
        sts.append(state(str(i + 1), n, lrm_xml=lrm(n, ents)))
    return cib(resources=res, states=sts, rsc_defaults={'resource-stickiness': stickiness},
               constraints='<rsc_colocation id="c12" rsc="g1" with-rsc="g2" score="%s"/>' % score)
r17['group-anticolocated-primary-moves'] = groups_colocated('-500', 'INFINITY')
r17['group-anticolocated-dependent-moves'] = groups_colocated('-500', '100')
r17['group-colocated-attracted'] = groups_colocated('500', '100', g1_on='node2', g2_on=None)
for name, xml in r17.items():
    with open(os.path.join(OUT, name + '.xml'), 'w') as f:
        f.write(xml)
print(len(r17))
