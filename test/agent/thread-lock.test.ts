import { describe, expect, it } from "vitest";
import { KeyedLock } from "../../src/agent/thread-lock.ts";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("KeyedLock", () => {
  it("runs turns of one thread one after the other, in arrival order", async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const turn = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([lock.run("t1", turn("a")), lock.run("t1", turn("b")), lock.run("t1", turn("c"))]);
    expect(results).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
  });

  it("lets different threads run at the same time and survives a failing turn", async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const slow = lock.run("t1", async () => {
      log.push("t1 start");
      await tick();
      log.push("t1 end");
    });
    const other = lock.run("t2", async () => void log.push("t2"));
    await Promise.all([slow, other]);
    expect(log.indexOf("t2")).toBeLessThan(log.indexOf("t1 end"));
    await expect(lock.run("t1", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await lock.run("t1", async () => "after")).toBe("after");
  });
});
