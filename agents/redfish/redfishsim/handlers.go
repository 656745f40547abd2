package redfishsim

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
)

const (
	root     = "/redfish/v1"
	systems  = root + "/Systems"
	sessions = root + "/SessionService/Sessions"
)

// resetTypes are the ResetType values the BMC advertises and carries out.
var resetTypes = []string{"On", "ForceOff", "GracefulShutdown", "ForceRestart", "GracefulRestart", "PowerCycle", "Nmi", "PushPowerButton"}

func (s *Sim) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+root, s.serviceRoot)
	mux.HandleFunc("GET "+root+"/{$}", s.serviceRoot)
	mux.HandleFunc("POST "+sessions, s.login)
	mux.HandleFunc("DELETE "+sessions+"/{id}", s.authed(s.logout))
	mux.HandleFunc("GET "+systems, s.authed(s.collection))
	mux.HandleFunc("GET "+systems+"/{id}", s.authed(s.system))
	mux.HandleFunc("POST "+systems+"/{id}/Actions/ComputerSystem.Reset", s.authed(s.reset))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, http.StatusNotFound, "Base.1.8.ResourceMissingAtURI", "The resource at the URI "+r.URL.Path+" was not found.")
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.Method+" "+r.URL.Path+" "+s.authKind(r))
		fault := s.fault
		s.mu.Unlock()
		if !s.wait(r) {
			// A hung BMC never answers: drop the connection rather than
			// let the server write an empty 200 for the abandoned request.
			panic(http.ErrAbortHandler)
		}
		if fault == Garbage {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html><body>502 Bad Gateway\x00\xff</body></html>")
			return
		}
		w.Header().Set("OData-Version", "4.0")
		mux.ServeHTTP(w, r)
	})
}

// authKind names how r authenticates, under s.mu.
func (s *Sim) authKind(r *http.Request) string {
	if tok := r.Header.Get("X-Auth-Token"); tok != "" {
		if _, ok := s.sessions[tok]; ok {
			return "token"
		}
		return "bad"
	}
	user, pass, ok := r.BasicAuth()
	switch {
	case !ok:
		return "none"
	case s.fault != NoBasic && s.good(user, pass):
		return "basic"
	}
	return "bad"
}

// good compares credentials in constant time, under s.mu.
func (s *Sim) good(user, pass string) bool {
	u := subtle.ConstantTimeCompare([]byte(user), []byte(s.cfg.User))
	p := subtle.ConstantTimeCompare([]byte(pass), []byte(s.cfg.Password))
	return u&p == 1
}

// authed lets through requests with good credentials or a session token.
func (s *Sim) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		kind := s.authKind(r)
		s.mu.Unlock()
		if kind != "basic" && kind != "token" {
			w.Header().Set("WWW-Authenticate", `Basic realm="RedfishService"`)
			s.fail(w, http.StatusUnauthorized, "Base.1.8.NoValidSession", "There is no valid session established with the implementation.")
			return
		}
		h(w, r)
	}
}

func (s *Sim) serviceRoot(w http.ResponseWriter, r *http.Request) {
	s.reply(w, http.StatusOK, map[string]any{
		"@odata.id": root, "@odata.type": "#ServiceRoot.v1_5_0.ServiceRoot", "Id": "RootService",
		"Name": "Root Service", "RedfishVersion": "1.6.0",
		"Systems":        map[string]string{"@odata.id": systems},
		"SessionService": map[string]string{"@odata.id": root + "/SessionService"},
		"Links":          map[string]any{"Sessions": map[string]string{"@odata.id": sessions}},
	})
}

func (s *Sim) collection(w http.ResponseWriter, r *http.Request) {
	var members []map[string]string
	for _, sys := range s.systems {
		members = append(members, map[string]string{"@odata.id": systems + "/" + sys.id})
	}
	s.reply(w, http.StatusOK, map[string]any{
		"@odata.id": systems, "@odata.type": "#ComputerSystemCollection.ComputerSystemCollection",
		"Name": "Computer System Collection", "Members": members, "Members@odata.count": len(members),
	})
}

// lookup finds the system named in the path, under s.mu.
func (s *Sim) lookup(r *http.Request) *system {
	for _, sys := range s.systems {
		if sys.id == r.PathValue("id") {
			return sys
		}
	}
	return nil
}

func (s *Sim) system(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	sys := s.lookup(r)
	if sys == nil {
		s.mu.Unlock()
		s.fail(w, http.StatusNotFound, "Base.1.8.ResourceMissingAtURI", "The resource at the URI "+r.URL.Path+" was not found.")
		return
	}
	state := map[bool]string{true: "On", false: "Off"}[sys.on]
	if sys.pending > 0 {
		sys.pending--
		state = map[bool]string{true: "PoweringOn", false: "PoweringOff"}[sys.on]
	}
	id := sys.id
	s.mu.Unlock()
	uri := systems + "/" + id
	s.reply(w, http.StatusOK, map[string]any{
		"@odata.id": uri, "@odata.type": "#ComputerSystem.v1_10_0.ComputerSystem", "Id": id,
		"Name": "System " + id, "SystemType": "Physical", "PowerState": state,
		"Actions": map[string]any{"#ComputerSystem.Reset": map[string]any{
			"target": uri + "/Actions/ComputerSystem.Reset", "ResetType@Redfish.AllowableValues": resetTypes,
		}},
	})
}

func (s *Sim) reset(w http.ResponseWriter, r *http.Request) {
	var body struct{ ResetType string }
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&body); err != nil {
		s.fail(w, http.StatusBadRequest, "Base.1.8.MalformedJSON", "The request body submitted was malformed JSON.")
		return
	}
	s.mu.Lock()
	sys, fault := s.lookup(r), s.fault
	code, msg := http.StatusNoContent, ""
	switch {
	case sys == nil:
		code, msg = http.StatusNotFound, "The resource at the URI "+r.URL.Path+" was not found."
	case fault == Refuse:
		code, msg = http.StatusInternalServerError, "The request failed due to an internal service error."
	case fault == Ignore:
	default:
		was := sys.on
		if code, msg = s.apply(sys, body.ResetType); code == http.StatusNoContent && was != sys.on {
			defer s.changed(sys.id, sys.on)
		}
	}
	s.mu.Unlock()
	if code != http.StatusNoContent {
		s.fail(w, code, "Base.1.8.ActionNotSupported", msg)
		return
	}
	w.WriteHeader(code)
}

// changed runs the OnPower hook.
func (s *Sim) changed(id string, on bool) {
	if s.cfg.OnPower != nil {
		n, _ := strconv.Atoi(id)
		s.cfg.OnPower(n, on)
	}
}

// apply carries out one reset, under s.mu.
func (s *Sim) apply(sys *system, rt string) (int, string) {
	const conflict = http.StatusConflict
	switch rt {
	case "On":
		if sys.on {
			return conflict, "Server is already powered ON."
		}
		sys.on = true
	case "ForceOff", "GracefulShutdown":
		if !sys.on {
			return conflict, "Server is already powered OFF."
		}
		sys.on = false
	case "ForceRestart", "GracefulRestart", "PowerCycle":
		sys.on = true
	case "PushPowerButton":
		sys.on = !sys.on
	case "Nmi":
		if !sys.on {
			return conflict, "Unable to perform the operation because the server is powered off."
		}
	default:
		return http.StatusBadRequest, "The value " + strconv.Quote(rt) + " for the property ResetType is not in the list of acceptable values."
	}
	if rt != "Nmi" {
		sys.pending = s.cfg.Transition
	}
	s.events = append(s.events, sys.id+":"+rt)
	return http.StatusNoContent, ""
}

func (s *Sim) login(w http.ResponseWriter, r *http.Request) {
	var body struct{ UserName, Password string }
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&body); err != nil {
		s.fail(w, http.StatusBadRequest, "Base.1.8.MalformedJSON", "The request body submitted was malformed JSON.")
		return
	}
	s.mu.Lock()
	if !s.good(body.UserName, body.Password) {
		s.mu.Unlock()
		s.fail(w, http.StatusUnauthorized, "Base.1.8.NoValidSession", "Invalid username or password.")
		return
	}
	s.serial++
	id := strconv.Itoa(s.serial)
	buf := make([]byte, 16)
	rand.Read(buf)
	tok := hex.EncodeToString(buf)
	s.sessions[tok] = id
	s.mu.Unlock()
	w.Header().Set("X-Auth-Token", tok)
	w.Header().Set("Location", sessions+"/"+id)
	s.reply(w, http.StatusCreated, map[string]string{"@odata.id": sessions + "/" + id, "Id": id, "UserName": body.UserName})
}

func (s *Sim) logout(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for tok, id := range s.sessions {
		if id == r.PathValue("id") {
			delete(s.sessions, tok)
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	w.WriteHeader(http.StatusNotFound)
}

func (s *Sim) reply(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// fail answers with a Redfish error body.
func (s *Sim) fail(w http.ResponseWriter, code int, id, msg string) {
	s.reply(w, code, map[string]any{"error": map[string]any{
		"code": id, "message": msg,
		"@Message.ExtendedInfo": []map[string]string{{"MessageId": id, "Message": msg}},
	}})
}
