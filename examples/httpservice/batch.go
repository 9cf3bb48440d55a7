package main

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/tousu/tousu/triage"
)

// batchChunk is how many complaints of a batch are triaged before their
// decisions are written: the response is streamed chunk by chunk, so a
// batch holds at most batchChunk decisions and one encoded decision in
// memory however slowly the client reads (the write timeout then ends
// the connection).
const batchChunk = 32

// streamBatch triages ins a chunk at a time and writes the JSON array of
// their decisions or {id, error} objects, in input order, as it goes, each
// decision's strategy cut as mode says. It stops at the first failed
// write: the client is gone or too slow.
func (s *Server) streamBatch(w http.ResponseWriter, r *http.Request, ins []triage.Input, mode strategyMode) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	out := make([]any, 0, batchChunk)
	cs := make([]triage.Complaint, 0, batchChunk)
	idx := make([]int, 0, batchChunk)
	if _, err := w.Write([]byte("[")); err != nil {
		return
	}
	for start := 0; start < len(ins); start += batchChunk {
		chunk := ins[start:min(start+batchChunk, len(ins))]
		out, cs, idx = out[:len(chunk)], cs[:0], idx[:0]
		for i := range chunk {
			c, err := chunk[i].Complaint()
			if err != nil {
				out[i] = errorOutput{ID: chunk[i].ID, Error: err.Error()}
				continue
			}
			cs = append(cs, c)
			idx = append(idx, i)
		}
		for j, res := range s.reloader.Engine().TriageBatch(r.Context(), cs, 0) {
			i := idx[j]
			if res.Err != nil {
				out[i] = errorOutput{ID: chunk[i].ID, Error: res.Err.Error()}
			} else {
				mode.apply(&res.Decision)
				out[i] = output{ID: chunk[i].ID, Decision: res.Decision}
			}
		}
		for i, v := range out {
			buf.Reset()
			if start+i > 0 {
				buf.WriteByte(',')
			}
			if err := enc.Encode(v); err != nil {
				return
			}
			buf.Truncate(buf.Len() - 1) // Encode's newline
			if _, err := w.Write(buf.Bytes()); err != nil {
				return
			}
			out[i] = nil
		}
	}
	w.Write([]byte("]\n"))
}
