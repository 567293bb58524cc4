async def f():
    await x
    async with a as b: pass
