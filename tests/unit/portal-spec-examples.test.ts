import { describe, expect, it } from "vitest";
import { SPEC_REGISTER, SPEC_RESPONSES, SPEC_SUMMARY_MAX_CHARS, SPEC_USER_ID, specChunks, specIngest, specQuery } from "@/lib/spec-examples";
import { SPEC_CURL_BODY } from "@/lib/snippets";
import { specCurlBody, specRequest, specResponse, specSummaryQuery } from "../helpers/spec";

/** The spec annotates one example with a `// …` comment; the data is the rest. */
const parse = (text: string) => JSON.parse(text.replace(/\s\/\/ [^\n]*/g, ""));

describe("the portal's hard-coded examples are the spec's", () => {
  it("register, ingest, chunks and query match the Quick Start verbatim", () => {
    expect(SPEC_REGISTER).toEqual(parse(specRequest("POST /register")));
    expect(specIngest()).toEqual(parse(specRequest("POST /ingest")));
    expect(specChunks()).toEqual(parse(specRequest("POST /chunks")));
    expect(specQuery()).toEqual(parse(specRequest("POST /query")));
    expect(specIngest().user_id).toBe(SPEC_USER_ID);
  });

  it("the response examples too", () => {
    expect(SPEC_RESPONSES.register).toEqual(parse(specResponse("POST /register")));
    expect(SPEC_RESPONSES.ingest).toEqual(parse(specResponse("POST /ingest")));
    expect(SPEC_RESPONSES.summary).toEqual(parse(specResponse("GET /summary")));
    expect(SPEC_RESPONSES.chunks).toEqual(parse(specResponse("POST /chunks")));
    expect(SPEC_RESPONSES.query).toEqual(parse(specResponse("POST /query")));
  });

  it("the summary request and the curl example too", () => {
    expect(specSummaryQuery()).toBe(`/summary?user_id=${SPEC_USER_ID}&max_chars=${SPEC_SUMMARY_MAX_CHARS}`);
    expect(SPEC_CURL_BODY).toBe(specCurlBody());
  });

  it("the user_id of an example follows the registered user", () => {
    expect(specIngest("usr_new").user_id).toBe("usr_new");
    expect(specChunks("usr_new").user_id).toBe("usr_new");
    expect(specQuery("usr_new").user_id).toBe("usr_new");
  });
});
