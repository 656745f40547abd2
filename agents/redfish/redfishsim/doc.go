// Package redfishsim is a Redfish BMC on loopback for tests: an HTTPS
// server (net/http/httptest, with a certificate of its own) serving the
// resources a fence agent uses, over a real power state machine.
//
// It serves the service root (unauthenticated, as the specification
// allows), the Systems collection, one ComputerSystem per simulated
// server with its PowerState and its #ComputerSystem.Reset action
// (ResetType On, ForceOff, GracefulShutdown, ForceRestart,
// GracefulRestart, PowerCycle, Nmi, PushPowerButton), and the session
// service (POST a UserName and Password to the Sessions collection for an
// X-Auth-Token, DELETE the session to log out). Every other request needs
// HTTP basic authentication or a session token; wrong credentials get 401
// with a Redfish error body, as a BMC answers.
//
// Power changes pass through PoweringOn and PoweringOff for
// Config.Transition reads of the System resource before they settle, so a
// client that reports success before the BMC does is caught without any
// clock. A reset that makes no sense in the current state (On when on,
// ForceOff when off) is refused with 409, as iDRAC does.
//
// Faults make it misbehave on demand (SetFault): Hang accepts connections
// and never answers, Garbage answers every request with something that is
// not JSON, Ignore accepts resets and leaves the power as it is, Refuse
// answers resets with 500, NoBasic refuses basic authentication (sessions
// only). Events returns the reset types the BMC carried out, Requests the
// requests it served, for tests to compare what two clients did.
package redfishsim
