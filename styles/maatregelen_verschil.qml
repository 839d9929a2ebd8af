<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="Symbology">
  <renderer-v2 type="categorizedSymbol" attr="wijziging" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <categories>
      <category render="true" value="nieuw" symbol="0" label="nieuw"/>
      <category render="true" value="vervallen" symbol="1" label="vervallen"/>
      <category render="true" value="gewijzigd" symbol="2" label="gewijzigd"/>
    </categories>
    <symbols>
    <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="0,158,115,255"/>
          <Option type="QString" name="outline_color" value="35,35,35,255"/>
          <Option type="QString" name="outline_width" value="0.3"/>
          <Option type="QString" name="outline_width_unit" value="MM"/>
          <Option type="QString" name="size" value="3.2"/>
          <Option type="QString" name="size_unit" value="MM"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="joinstyle" value="bevel"/>
          <Option type="QString" name="scale_method" value="diameter"/>
          <Option type="QString" name="angle" value="0"/>
          <Option type="QString" name="offset" value="0,0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    <symbol type="marker" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="name" value="cross2"/>
          <Option type="QString" name="color" value="213,94,0,255"/>
          <Option type="QString" name="outline_color" value="35,35,35,255"/>
          <Option type="QString" name="outline_width" value="0.3"/>
          <Option type="QString" name="outline_width_unit" value="MM"/>
          <Option type="QString" name="size" value="3.2"/>
          <Option type="QString" name="size_unit" value="MM"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="joinstyle" value="bevel"/>
          <Option type="QString" name="scale_method" value="diameter"/>
          <Option type="QString" name="angle" value="0"/>
          <Option type="QString" name="offset" value="0,0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    <symbol type="marker" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="name" value="diamond"/>
          <Option type="QString" name="color" value="0,114,178,255"/>
          <Option type="QString" name="outline_color" value="35,35,35,255"/>
          <Option type="QString" name="outline_width" value="0.3"/>
          <Option type="QString" name="outline_width_unit" value="MM"/>
          <Option type="QString" name="size" value="3.2"/>
          <Option type="QString" name="size_unit" value="MM"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="joinstyle" value="bevel"/>
          <Option type="QString" name="scale_method" value="diameter"/>
          <Option type="QString" name="angle" value="0"/>
          <Option type="QString" name="offset" value="0,0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    </symbols>
  </renderer-v2>
  <blendMode>0</blendMode>
  <layerGeometryType>0</layerGeometryType>
</qgis>
