package main

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed resources.json
var resourcesJSON []byte

const name = "{{name}}"
const description = {{description_json}}

// Resource is one kind of record the API manages: /<Name> and /<Name>/<id>.
type Resource struct {
	Name     string   `json:"name"`
	Singular string   `json:"singular"`
	Label    string   `json:"label"`
	Fields   []string `json:"fields"`
}

// Resources are the blueprint's, read from resources.json.
func Resources() []Resource {
	var out []Resource
	if err := json.Unmarshal(resourcesJSON, &out); err != nil {
		panic("resources.json is not valid: " + err.Error())
	}
	return out
}

type table struct {
	nextID  int
	records map[int]map[string]any
}

// API serves every resource from memory; each NewAPI starts empty.
type API struct {
	mu        sync.Mutex
	resources map[string]Resource
	order     []Resource
	tables    map[string]*table
}

func NewAPI() *API {
	api := &API{resources: map[string]Resource{}, tables: map[string]*table{}}
	for _, r := range Resources() {
		api.resources[r.Name] = r
		api.order = append(api.order, r)
		api.tables[r.Name] = &table{nextID: 1, records: map[int]map[string]any{}}
	}
	return api
}

func reply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if body != nil {
		_ = json.NewEncoder(w).Encode(body)
	}
}

func fail(w http.ResponseWriter, status int, message string) {
	reply(w, status, map[string]string{"error": message})
}

func missingFields(r Resource, record map[string]any) []string {
	var missing []string
	for _, f := range r.Fields {
		if v, ok := record[f]; !ok || v == nil || v == "" {
			missing = append(missing, f)
		}
	}
	return missing
}

// maxBody is the largest request body read (1 MB).
const maxBody = 1 << 20

// readBody reads a JSON object and nothing after it; numbers keep their digits (a float64
// would round an id of 19 digits).
func readBody(w http.ResponseWriter, req *http.Request) (map[string]any, bool) {
	dec := json.NewDecoder(http.MaxBytesReader(w, req.Body, maxBody))
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil || body == nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return body, true
}

func (api *API) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	parts := strings.Split(strings.Trim(req.URL.Path, "/"), "/")
	switch {
	case req.URL.Path == "/" && req.Method == http.MethodGet:
		list := []map[string]any{}
		for _, r := range api.order {
			list = append(list, map[string]any{"name": r.Name, "path": "/" + r.Name, "fields": r.Fields})
		}
		reply(w, http.StatusOK, map[string]any{"name": name, "description": description, "resources": list})
		return
	case req.URL.Path == "/health" && req.Method == http.MethodGet:
		reply(w, http.StatusOK, map[string]bool{"ok": true})
		return
	}
	resource, ok := api.resources[parts[0]]
	if !ok || len(parts) > 2 {
		fail(w, http.StatusNotFound, "no such path: "+req.URL.Path)
		return
	}
	api.mu.Lock()
	defer api.mu.Unlock()
	t := api.tables[resource.Name]
	if len(parts) == 1 {
		api.collection(w, req, resource, t)
		return
	}
	id, err := strconv.Atoi(parts[1])
	if err != nil {
		fail(w, http.StatusNotFound, "no such path: "+req.URL.Path)
		return
	}
	api.item(w, req, resource, t, id)
}

func (api *API) collection(w http.ResponseWriter, req *http.Request, r Resource, t *table) {
	switch req.Method {
	case http.MethodGet:
		ids := make([]int, 0, len(t.records))
		for id := range t.records {
			ids = append(ids, id)
		}
		sort.Ints(ids)
		list := make([]map[string]any, 0, len(ids))
		for _, id := range ids {
			list = append(list, t.records[id])
		}
		reply(w, http.StatusOK, list)
	case http.MethodPost:
		body, ok := readBody(w, req)
		if !ok {
			fail(w, http.StatusBadRequest, "the body must be a JSON object")
			return
		}
		if missing := missingFields(r, body); len(missing) > 0 {
			fail(w, http.StatusBadRequest, "missing fields: "+strings.Join(missing, ", "))
			return
		}
		body["id"] = t.nextID
		t.records[t.nextID] = body
		t.nextID++
		reply(w, http.StatusCreated, body)
	default:
		fail(w, http.StatusMethodNotAllowed, req.Method+" is not allowed on /"+r.Name)
	}
}

func (api *API) item(w http.ResponseWriter, req *http.Request, r Resource, t *table, id int) {
	existing, ok := t.records[id]
	if !ok {
		fail(w, http.StatusNotFound, fmt.Sprintf("no %s with id %d", r.Singular, id))
		return
	}
	switch req.Method {
	case http.MethodGet:
		reply(w, http.StatusOK, existing)
	case http.MethodDelete:
		delete(t.records, id)
		w.WriteHeader(http.StatusNoContent)
	case http.MethodPut:
		body, ok := readBody(w, req)
		if !ok {
			fail(w, http.StatusBadRequest, "the body must be a JSON object")
			return
		}
		updated := map[string]any{}
		for k, v := range existing {
			updated[k] = v
		}
		for k, v := range body {
			updated[k] = v
		}
		updated["id"] = id
		if missing := missingFields(r, updated); len(missing) > 0 {
			fail(w, http.StatusBadRequest, "missing fields: "+strings.Join(missing, ", "))
			return
		}
		t.records[id] = updated
		reply(w, http.StatusOK, updated)
	default:
		fail(w, http.StatusMethodNotAllowed, req.Method+" is not allowed on /"+r.Name+"/<id>")
	}
}
