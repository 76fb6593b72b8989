// A REST API made by Pipewright from a blueprint, on Go's standard library. Data is kept in memory.
package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	addr := os.Getenv("HOST") + ":" + port
	log.Printf("{{name}} listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, NewAPI()))
}
