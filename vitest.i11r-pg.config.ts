import base from "./vitest.config";
export default { ...base, test: { ...base.test, env: { ...base.test!.env, DATABASE_URL: "postgres://postgres@127.0.0.1:5501/pio_i11r" } } };
