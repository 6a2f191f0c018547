// What a partner program shares with whoever plays its user: the program prints
// {"call", "authorizationUrl"} and reads one line back, the URL the browser came back to
// (a person running it by hand pastes it from the address bar), or a JSON line
// {"callbackUrl", "pages"} / {"error", "pages"} from a test driving the browser.
import { createInterface } from 'node:readline';

let reader;
let lines;

export function print(json) {
  console.log(JSON.stringify(json));
}

/** Resolves to the redirect's query parameters and the pages the browser showed on the way, when told. */
export async function sendUserTo(authorizationUrl, call) {
  print({ call, authorizationUrl });
  if (process.stdin.isTTY) {
    console.error('Open the URL above in a browser, then paste here the URL it lands on:');
  }
  if (!lines) {
    reader = createInterface({ input: process.stdin });
    lines = reader[Symbol.asyncIterator]();
  }
  const { value, done } = await lines.next();
  if (done) {
    throw new Error('nobody answered for the browser (stdin closed)');
  }
  const answer = value.trim().startsWith('{') ? JSON.parse(value) : { callbackUrl: value.trim() };
  if (answer.error) {
    throw new Error(`the browser did not come back to the partner: ${answer.error}`);
  }
  const params = Object.fromEntries(new URL(answer.callbackUrl).searchParams);
  if (params.error) {
    throw new Error(`redirect with error=${params.error}: ${params.error_description ?? ''}`);
  }
  return { params, pages: answer.pages };
}

/** Lets the process end once the work is done. */
export function stopReading() {
  reader?.close();
  process.stdin.destroy();
}

/** What the server said, for an error from openid-client or from got (HTTP answers). */
export function describe(error) {
  if (error.error) {
    const status = error.response?.statusCode ? ` (HTTP ${error.response.statusCode})` : '';
    return `${error.error}: ${error.error_description ?? ''}${status}`;
  }
  if (error.response?.statusCode) {
    const { statusCode, body } = error.response;
    return `HTTP ${statusCode} from ${error.options?.method ?? ''} ${error.options?.url ?? ''}: ${body}`;
  }
  return error.message ?? String(error);
}
