-- A constraint solver over object graphs (after DeltaBlue, the incremental
-- solver of Freeman-Benson, Maloney and Borning): variables joined by
-- equality and scale constraints of different strengths; adding or removing
-- a constraint walks the graph to re-plan which constraint determines which
-- variable. It stands for code built from many small classes with
-- inheritance three levels deep, polymorphic method calls and lists of
-- objects walked by index.
-- VM paths: method calls through `__index` chains (a call often lands on a
-- base class), field reads and writes, `#t` and array appends, equality of
-- tables, Lua-to-Lua calls.
-- Usage: deltablue.lua [SCALE]; SCALE multiplies the number of runs.
local scale = tonumber(arg and arg[1]) or 1

local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, { __index = parent }) end
  return c
end

-- Removes every occurrence of `value` from the list `list`.
local function remove_all(list, value)
  local kept = 0
  for i = 1, #list do
    local item = list[i]
    if item ~= value then
      kept = kept + 1
      list[kept] = item
    end
  end
  for i = #list, kept + 1, -1 do list[i] = nil end
end

local function pop(list)
  local n = #list
  local item = list[n]
  list[n] = nil
  return item
end

-- Strengths: how much a constraint insists on being satisfied; a lower
-- number is stronger.
local Strength = class()

function Strength.new(value, name)
  return setmetatable({ value = value, name = name }, Strength)
end

function Strength.stronger(s1, s2) return s1.value < s2.value end
function Strength.weaker(s1, s2) return s1.value > s2.value end
function Strength.weakest_of(s1, s2) if s1.value > s2.value then return s1 end return s2 end

local REQUIRED = Strength.new(0, "required")
local STRONG_PREFERRED = Strength.new(1, "strongPreferred")
local PREFERRED = Strength.new(2, "preferred")
local STRONG_DEFAULT = Strength.new(3, "strongDefault")
local NORMAL = Strength.new(4, "normal")
local WEAK_DEFAULT = Strength.new(5, "weakDefault")
local WEAKEST = Strength.new(6, "weakest")
local NEXT_WEAKER = {
  [REQUIRED] = STRONG_PREFERRED, [STRONG_PREFERRED] = PREFERRED, [PREFERRED] = STRONG_DEFAULT,
  [STRONG_DEFAULT] = NORMAL, [NORMAL] = WEAK_DEFAULT, [WEAK_DEFAULT] = WEAKEST,
}

local planner -- the Planner that constraints add themselves to

-- Constraint: what every constraint does; subclasses say how many
-- variables they join and how they compute.
local Constraint = class()

function Constraint:add_constraint()
  self:add_to_graph()
  planner:incremental_add(self)
end

-- Tries to satisfy this constraint (choosing its direction); returns the
-- constraint it overrode, if any.
function Constraint:satisfy(mark)
  self:choose_method(mark)
  if not self:is_satisfied() then
    if self.strength == REQUIRED then error("could not satisfy a required constraint") end
    return nil
  end
  self:mark_inputs(mark)
  local out = self:output()
  local overridden = out.determined_by
  if overridden ~= nil then overridden:mark_unsatisfied() end
  out.determined_by = self
  if not planner:add_propagate(self, mark) then error("cycle encountered") end
  out.mark = mark
  return overridden
end

function Constraint:destroy_constraint()
  if self:is_satisfied() then
    planner:incremental_remove(self)
  else
    self:remove_from_graph()
  end
end

function Constraint:is_input() return false end

-- A constraint on one variable.
local UnaryConstraint = class(Constraint)

function UnaryConstraint:init(variable, strength)
  self.strength, self.my_output, self.satisfied = strength, variable, false
  self:add_constraint()
  return self
end

function UnaryConstraint:add_to_graph()
  self.my_output:add_constraint(self)
  self.satisfied = false
end

function UnaryConstraint:choose_method(mark)
  local out = self.my_output
  self.satisfied = out.mark ~= mark and Strength.stronger(self.strength, out.walk_strength)
end

function UnaryConstraint:is_satisfied() return self.satisfied end
function UnaryConstraint:mark_inputs(mark) end
function UnaryConstraint:output() return self.my_output end

function UnaryConstraint:recalculate()
  local out = self.my_output
  out.walk_strength = self.strength
  out.stay = not self:is_input()
  if out.stay then self:execute() end
end

function UnaryConstraint:mark_unsatisfied() self.satisfied = false end
function UnaryConstraint:inputs_known() return true end

function UnaryConstraint:remove_from_graph()
  self.my_output:remove_constraint(self)
  self.satisfied = false
end

-- Keeps a variable where it is (the planner must not change it).
local StayConstraint = class(UnaryConstraint)
function StayConstraint.new(variable, strength)
  return setmetatable({}, StayConstraint):init(variable, strength)
end
function StayConstraint:execute() end

-- Marks a variable that the user changes from outside.
local EditConstraint = class(UnaryConstraint)
function EditConstraint.new(variable, strength)
  return setmetatable({}, EditConstraint):init(variable, strength)
end
function EditConstraint:is_input() return true end
function EditConstraint:execute() end

local NONE, FORWARD, BACKWARD = 0, 1, -1

-- A constraint on two variables; it computes either one from the other.
local BinaryConstraint = class(Constraint)

function BinaryConstraint:init(v1, v2, strength)
  self.strength, self.v1, self.v2, self.direction = strength, v1, v2, NONE
  self:add_constraint()
  return self
end

-- Chooses the direction that lets this constraint win: its output must be
-- unmarked and weaker than the constraint; NONE when no direction can.
function BinaryConstraint:choose_method(mark)
  local v1, v2, strength = self.v1, self.v2, self.strength
  if v1.mark == mark then
    if v2.mark ~= mark and Strength.stronger(strength, v2.walk_strength) then
      self.direction = FORWARD
    else
      self.direction = NONE
    end
  elseif v2.mark == mark then
    if Strength.stronger(strength, v1.walk_strength) then
      self.direction = BACKWARD
    else
      self.direction = NONE
    end
  elseif Strength.weaker(v1.walk_strength, v2.walk_strength) then
    if Strength.stronger(strength, v1.walk_strength) then
      self.direction = BACKWARD
    else
      self.direction = NONE
    end
  elseif Strength.stronger(strength, v2.walk_strength) then
    self.direction = FORWARD
  else
    self.direction = NONE
  end
end

function BinaryConstraint:add_to_graph()
  self.v1:add_constraint(self)
  self.v2:add_constraint(self)
  self.direction = NONE
end

function BinaryConstraint:is_satisfied() return self.direction ~= NONE end
function BinaryConstraint:mark_inputs(mark) self:input().mark = mark end

function BinaryConstraint:input()
  if self.direction == FORWARD then return self.v1 end
  return self.v2
end

function BinaryConstraint:output()
  if self.direction == FORWARD then return self.v2 end
  return self.v1
end

function BinaryConstraint:recalculate()
  local ihn, out = self:input(), self:output()
  out.walk_strength = Strength.weakest_of(self.strength, ihn.walk_strength)
  out.stay = ihn.stay
  if out.stay then self:execute() end
end

function BinaryConstraint:mark_unsatisfied() self.direction = NONE end

function BinaryConstraint:inputs_known(mark)
  local i = self:input()
  return i.mark == mark or i.stay or i.determined_by == nil
end

function BinaryConstraint:remove_from_graph()
  self.v1:remove_constraint(self)
  self.v2:remove_constraint(self)
  self.direction = NONE
end

-- v2 = v1 * scale + offset (or v1 from v2 backwards).
local ScaleConstraint = class(BinaryConstraint)

function ScaleConstraint.new(src, scale_var, offset, dest, strength)
  local c = setmetatable({ scale = scale_var, offset = offset }, ScaleConstraint)
  return c:init(src, dest, strength)
end

function ScaleConstraint:add_to_graph()
  BinaryConstraint.add_to_graph(self)
  self.scale:add_constraint(self)
  self.offset:add_constraint(self)
end

function ScaleConstraint:remove_from_graph()
  BinaryConstraint.remove_from_graph(self)
  self.scale:remove_constraint(self)
  self.offset:remove_constraint(self)
end

function ScaleConstraint:mark_inputs(mark)
  BinaryConstraint.mark_inputs(self, mark)
  self.scale.mark = mark
  self.offset.mark = mark
end

function ScaleConstraint:execute()
  if self.direction == FORWARD then
    self.v2.value = self.v1.value * self.scale.value + self.offset.value
  else
    self.v1.value = (self.v2.value - self.offset.value) / self.scale.value
  end
end

function ScaleConstraint:recalculate()
  local ihn, out = self:input(), self:output()
  out.walk_strength = Strength.weakest_of(self.strength, ihn.walk_strength)
  out.stay = ihn.stay and self.scale.stay and self.offset.stay
  if out.stay then self:execute() end
end

-- v1 = v2, in either direction.
local EqualityConstraint = class(BinaryConstraint)

function EqualityConstraint.new(v1, v2, strength)
  return setmetatable({}, EqualityConstraint):init(v1, v2, strength)
end

function EqualityConstraint:execute() self:output().value = self:input().value end

-- A variable: its value, the constraints on it and the planner's marks.
local Variable = class()

function Variable.new(name, value)
  return setmetatable({
    name = name, value = value or 0, constraints = {}, determined_by = nil,
    mark = 0, walk_strength = WEAKEST, stay = true,
  }, Variable)
end

function Variable:add_constraint(c)
  local constraints = self.constraints
  constraints[#constraints + 1] = c
end

function Variable:remove_constraint(c)
  remove_all(self.constraints, c)
  if self.determined_by == c then self.determined_by = nil end
end

-- A plan: constraints in the order that computes every variable.
local Plan = class()

function Plan.new() return setmetatable({ list = {} }, Plan) end

function Plan:add_constraint(c)
  local list = self.list
  list[#list + 1] = c
end

function Plan:execute()
  local list = self.list
  for i = 1, #list do list[i]:execute() end
end

-- The planner: adds and removes constraints incrementally and extracts plans.
local Planner = class()

function Planner.new() return setmetatable({ current_mark = 0 }, Planner) end

function Planner:new_mark()
  self.current_mark = self.current_mark + 1
  return self.current_mark
end

function Planner:incremental_add(c)
  local mark = self:new_mark()
  local overridden = c:satisfy(mark)
  while overridden ~= nil do overridden = overridden:satisfy(mark) end
end

function Planner:incremental_remove(c)
  local out = c:output()
  c:mark_unsatisfied()
  c:remove_from_graph()
  local unsatisfied = self:remove_propagate_from(out)
  local strength = REQUIRED
  repeat
    for i = 1, #unsatisfied do
      local u = unsatisfied[i]
      if u.strength == strength then self:incremental_add(u) end
    end
    strength = NEXT_WEAKER[strength]
  until strength == WEAKEST
end

function Planner:make_plan(sources)
  local mark = self:new_mark()
  local plan = Plan.new()
  local todo = sources
  while #todo > 0 do
    local c = pop(todo)
    local out = c:output()
    if out.mark ~= mark and c:inputs_known(mark) then
      plan:add_constraint(c)
      out.mark = mark
      self:add_constraints_consuming_to(out, todo)
    end
  end
  return plan
end

function Planner:extract_plan_from_constraints(constraints)
  local sources = {}
  for i = 1, #constraints do
    local c = constraints[i]
    if c:is_input() and c:is_satisfied() then sources[#sources + 1] = c end
  end
  return self:make_plan(sources)
end

-- Recomputes the variables downstream of c; false if that finds a cycle.
function Planner:add_propagate(c, mark)
  local todo = { c }
  while #todo > 0 do
    local d = pop(todo)
    if d:output().mark == mark then
      self:incremental_remove(c)
      return false
    end
    d:recalculate()
    self:add_constraints_consuming_to(d:output(), todo)
  end
  return true
end

-- Forgets what determined `out` and everything downstream; returns the
-- constraints left unsatisfied.
function Planner:remove_propagate_from(out)
  out.determined_by = nil
  out.walk_strength = WEAKEST
  out.stay = true
  local unsatisfied, todo = {}, { out }
  while #todo > 0 do
    local v = pop(todo)
    local constraints = v.constraints
    for i = 1, #constraints do
      local c = constraints[i]
      if not c:is_satisfied() then unsatisfied[#unsatisfied + 1] = c end
    end
    local determining = v.determined_by
    for i = 1, #constraints do
      local next_c = constraints[i]
      if next_c ~= determining and next_c:is_satisfied() then
        next_c:recalculate()
        todo[#todo + 1] = next_c:output()
      end
    end
  end
  return unsatisfied
end

function Planner:add_constraints_consuming_to(v, list)
  local determining = v.determined_by
  local constraints = v.constraints
  for i = 1, #constraints do
    local c = constraints[i]
    if c ~= determining and c:is_satisfied() then list[#list + 1] = c end
  end
end

-- A chain of n equality constraints; changing the first variable must
-- change the last.
local function chain_test(n)
  planner = Planner.new()
  local prev, first, last
  for i = 0, n do
    local v = Variable.new("v" .. i)
    if prev ~= nil then EqualityConstraint.new(prev, v, REQUIRED) end
    if i == 0 then first = v end
    if i == n then last = v end
    prev = v
  end
  StayConstraint.new(last, STRONG_DEFAULT)
  local edit = EditConstraint.new(first, PREFERRED)
  local plan = planner:extract_plan_from_constraints({ edit })
  local sum = 0
  for i = 0, 99 do
    first.value = i
    plan:execute()
    if last.value ~= i then error("chain test failed") end
    sum = sum + last.value
  end
  return sum
end

local function change(v, new_value)
  local edit = EditConstraint.new(v, PREFERRED)
  local plan = planner:extract_plan_from_constraints({ edit })
  for _ = 1, 10 do
    v.value = new_value
    plan:execute()
  end
  edit:destroy_constraint()
end

-- n variables projected through one scale and offset; changing either end
-- or the scale or offset must update the others.
local function projection_test(n)
  planner = Planner.new()
  local scale_var, offset = Variable.new("scale", 10), Variable.new("offset", 1000)
  local src, dst
  local dests = {}
  for i = 0, n - 1 do
    src = Variable.new("src" .. i, i)
    dst = Variable.new("dst" .. i, i)
    dests[#dests + 1] = dst
    StayConstraint.new(src, NORMAL)
    ScaleConstraint.new(src, scale_var, offset, dst, REQUIRED)
  end
  change(src, 17)
  if dst.value ~= 1170 then error("projection 1 failed") end
  change(dst, 1050)
  if src.value ~= 5 then error("projection 2 failed") end
  change(scale_var, 5)
  for i = 0, n - 2 do
    if dests[i + 1].value ~= i * 5 + 1000 then error("projection 3 failed") end
  end
  change(offset, 2000)
  local sum = 0
  for i = 0, n - 2 do
    if dests[i + 1].value ~= i * 5 + 2000 then error("projection 4 failed") end
    sum = sum + dests[i + 1].value
  end
  return sum
end

local runs = math.max(1, math.floor(350 * scale + 0.5))
local checksum, marks = 0, 0
for _ = 1, runs do
  checksum = checksum + chain_test(100)
  marks = marks + planner.current_mark
  checksum = checksum + projection_test(100)
  marks = marks + planner.current_mark
end
print(string.format("runs %d checksum %d marks %d", runs, checksum, marks))
