package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

func call(t *testing.T, api *API, method, path string, body any) (int, map[string]any, []any) {
	t.Helper()
	var buf bytes.Buffer
	if body != nil {
		_ = json.NewEncoder(&buf).Encode(body)
	}
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, httptest.NewRequest(method, path, &buf))
	var object map[string]any
	var list []any
	if rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), &object); err != nil {
			if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
				t.Fatalf("%s %s answered something that is not JSON: %q", method, path, rec.Body.String())
			}
		}
	}
	return rec.Code, object, list
}

func sample(r Resource, tag string) map[string]any {
	record := map[string]any{"note": tag}
	for _, f := range r.Fields {
		record[f] = f + " " + tag
	}
	return record
}

func TestHealth(t *testing.T) {
	if code, body, _ := call(t, NewAPI(), http.MethodGet, "/health", nil); code != http.StatusOK || body["ok"] != true {
		t.Fatalf("GET /health: %d %v", code, body)
	}
}

func TestIndexListsTheResources(t *testing.T) {
	code, body, _ := call(t, NewAPI(), http.MethodGet, "/", nil)
	listed := body["resources"].([]any)
	if code != http.StatusOK || len(listed) != len(Resources()) {
		t.Fatalf("GET /: %d %v", code, body)
	}
	for i, r := range Resources() {
		if listed[i].(map[string]any)["name"] != r.Name {
			t.Fatalf("GET / lists %v, want %s at %d", listed[i], r.Name, i)
		}
	}
}

func TestEveryResourceRoundTrip(t *testing.T) {
	for _, r := range Resources() {
		t.Run(r.Name, func(t *testing.T) {
			api := NewAPI()
			path := "/" + r.Name
			code, created, _ := call(t, api, http.MethodPost, path, sample(r, "one"))
			if code != http.StatusCreated {
				t.Fatalf("POST %s: %d %v", path, code, created)
			}
			one := fmt.Sprintf("%s/%v", path, created["id"])
			if code, _, list := call(t, api, http.MethodGet, path, nil); code != http.StatusOK || len(list) != 1 {
				t.Fatalf("GET %s: %d %v", path, code, list)
			}
			if code, got, _ := call(t, api, http.MethodGet, one, nil); code != http.StatusOK || got["note"] != "one" {
				t.Fatalf("GET %s: %d %v", one, code, got)
			}
			if code, got, _ := call(t, api, http.MethodPut, one, map[string]any{"note": "changed"}); code != http.StatusOK || got["note"] != "changed" {
				t.Fatalf("PUT %s: %d %v", one, code, got)
			}
			if code, _, _ := call(t, api, http.MethodDelete, one, nil); code != http.StatusNoContent {
				t.Fatalf("DELETE %s: %d", one, code)
			}
			if code, _, _ := call(t, api, http.MethodGet, one, nil); code != http.StatusNotFound {
				t.Fatalf("GET %s after DELETE: %d", one, code)
			}
		})
	}
}

func TestRequiredFieldsAreChecked(t *testing.T) {
	for _, r := range Resources() {
		if len(r.Fields) == 0 {
			continue
		}
		code, body, _ := call(t, NewAPI(), http.MethodPost, "/"+r.Name, map[string]any{})
		if code != http.StatusBadRequest || !bytes.Contains([]byte(fmt.Sprint(body["error"])), []byte(r.Fields[0])) {
			t.Fatalf("POST /%s without fields: %d %v", r.Name, code, body)
		}
	}
}

func TestBadJSONIsRefused(t *testing.T) {
	path := "/" + Resources()[0].Name
	for _, body := range []string{"{not json", "", "[1]", `"text"`, `{"a":1,}`, `{"a":01}`, `{"a":NaN}`, `{"a":"\q"}`, "{} {}", `{"a":1} trailing`} {
		api := NewAPI()
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, bytes.NewBufferString(body)))
		if rec.Code != http.StatusBadRequest || !bytes.Contains(rec.Body.Bytes(), []byte("JSON")) {
			t.Fatalf("POST %s %q: %d %s", path, body, rec.Code, rec.Body.String())
		}
		if code, _, list := call(t, api, http.MethodGet, path, nil); code != http.StatusOK || len(list) != 0 {
			t.Fatalf("GET %s after a refused POST: %d %v", path, code, list)
		}
	}
}

func TestValuesComeBackAsSent(t *testing.T) {
	// Fields are snake_case: a hyphenated key is never one of them.
	r := Resources()[0]
	record := `{"x-big":12345678901234567890,"x-n":-1.5e3,"x-list":[1,"x",[]],"x-obj":{"k":null}`
	for _, f := range r.Fields {
		record += fmt.Sprintf(`,%q:0`, f)
	}
	rec := httptest.NewRecorder()
	NewAPI().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/"+r.Name, bytes.NewBufferString(record+"}")))
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST /%s: %d %s", r.Name, rec.Code, rec.Body.String())
	}
	for _, want := range []string{`"x-big":12345678901234567890`, `"x-n":-1.5e3`, `"x-list":[1,"x",[]]`, `"x-obj":{"k":null}`} {
		if !bytes.Contains(rec.Body.Bytes(), []byte(want)) {
			t.Fatalf("POST /%s answered %s, without %s", r.Name, rec.Body.String(), want)
		}
	}
}

func TestUnknownPathIs404(t *testing.T) {
	if code, _, _ := call(t, NewAPI(), http.MethodGet, "/no-such-thing", nil); code != http.StatusNotFound {
		t.Fatalf("GET /no-such-thing: %d", code)
	}
}
